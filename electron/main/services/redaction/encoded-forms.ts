/**
 * The forms a value takes on its way out of Echelon: in a header, a URL, a form body, a JSON
 * string, a base64 blob. Each encoder that may carry a secret is listed, because the encoders
 * disagree: `encodeURIComponent` leaves `~ ! ' ( )` alone, URLSearchParams (form encoding)
 * escapes them and writes a space as `+`, and the URL parser escapes only what each component
 * forbids.
 */

/** Every WHATWG URL component a value may be written into, as the platform's parser encodes it. */
function urlComponentForms(value: string): string[] {
  const url = new URL('http://redaction.invalid/');
  const forms: string[] = [];
  url.search = value;
  forms.push(url.search.slice(1));
  url.pathname = `/${value}`;
  forms.push(url.pathname.slice(1));
  url.password = value;
  forms.push(url.password);
  url.hash = value;
  forms.push(url.hash.slice(1));
  return forms;
}

function percentForms(value: string): string[] {
  const component = encodeURIComponent(value);
  const form = new URLSearchParams([['', value]]).toString().slice(1);
  const forms = [component, component.replace(/%20/g, '+'), encodeURI(value), form, form.replace(/\+/g, '%20'), ...urlComponentForms(value)];
  // Some servers and proxies re-encode with lowercase hex digits.
  return [...forms, ...forms.map((encoded) => encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()))].filter((encoded) => decodesTo(encoded, value));
}

/** Only forms that give the value back: a parser that normalises (`a/../b` in a path) makes none. */
function decodesTo(encoded: string, value: string): boolean {
  try {
    return decodeURIComponent(encoded) === value || decodeURIComponent(encoded.replace(/\+/g, ' ')) === value;
  } catch {
    return false;
  }
}

/**
 * The characters of base64 that depend only on the value, wherever it sits in the encoded
 * bytes: at each of the three offsets a byte stream can place it, the leading and trailing
 * characters shared with neighbouring bytes are cut. So `user:password` in a Basic header, or a
 * token inside a JSON payload, is found whatever came before it.
 */
function base64Cores(bytes: Buffer): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const shifted = Buffer.concat([Buffer.alloc(offset), bytes]);
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor((shifted.length * 8) / 6);
    const core = shifted.toString('base64').slice(start, end);
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

/** Every form of `value`, deduplicated; base64 at any offset only when `anywhere` (long enough to be found inside other text). */
export function encodedForms(value: string, anywhere: boolean): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const base64 = bytes.toString('base64');
  const forms = [value, JSON.stringify(value).slice(1, -1), base64, base64.replace(/=+$/, ''), bytes.toString('base64url'), ...percentForms(value)];
  if (anywhere) forms.push(...base64Cores(bytes));
  return [...new Set(forms)];
}
