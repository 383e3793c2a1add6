// One page at a time of a NextToken-paged AWS call, with Previous/Next: what the list pages
// (repositories, images, log groups, log streams) share. The tokens seen so far are kept, so
// Previous asks for the page again rather than keeping every page in memory.
import { html, useState, useEffect } from './html.mjs';
import { call } from './api.mjs';

// `input` is the call's input without the token; `key` names the listing (e.g. the log group):
// a new key starts again at page 1.
export function usePagedCall(service, operation, input, key = '') {
  const [paging, setPaging] = useState({ key, tokens: [undefined], at: 0 });
  const [out, setOut] = useState(null);
  const [error, setError] = useState(null);
  const current = paging.key === key ? paging : { key, tokens: [undefined], at: 0 };
  useEffect(() => {
    if (current !== paging) setPaging(current);
    setOut(null);
    setError(null);
    const request = { ...input };
    if (current.tokens[current.at]) request.nextToken = current.tokens[current.at];
    call(service, operation, request).then((o) => {
      setOut(o);
      if (o.nextToken && current.tokens.length === current.at + 1) {
        setPaging({ ...current, tokens: [...current.tokens, o.nextToken] });
      }
    }, setError);
  }, [key, current.at]);
  const at = current.at;
  const go = (page) => setPaging({ ...current, at: page });
  const pager = out && html`<div class="pager">
    <button type="button" disabled=${at === 0} onClick=${() => go(at - 1)}>Previous page</button>
    <span>Page ${at + 1}</span>
    <button type="button" disabled=${!out.nextToken} onClick=${() => go(at + 1)}>Next page</button>
  </div>`;
  return { out, error, pager };
}
