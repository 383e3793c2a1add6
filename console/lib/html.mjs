// The UI toolkit in one import: Preact's h bound to htm (tagged templates, no JSX build), and
// the hooks the pages use.
import { h, render, Fragment } from '../vendor/preact.mjs';
import htm from '../vendor/htm.mjs';
export { useState, useEffect, useMemo, useRef, useCallback } from '../vendor/hooks.mjs';

export const html = htm.bind(h);
export { h, render, Fragment };
