// Display helpers shared by pages.
export function time(t) {
  if (t === undefined || t === null || t === '') return '';
  const d = typeof t === 'number' ? new Date(t < 1e11 ? t * 1000 : t) : new Date(t);
  return isNaN(d) ? String(t) : d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

export function bytes(n) {
  if (n === undefined || n === null) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0, v = Number(n);
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** RFC 4180 CSV of rows (arrays of cells). */
export function csv(rows) {
  return rows.map((r) => r.map((c) => {
    const s = c === undefined || c === null ? '' : String(c);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }).join(',')).join('\r\n') + '\r\n';
}

/** Offers `text` as a file download (a Blob URL: nothing leaves the page). */
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url; a.download = name;
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
