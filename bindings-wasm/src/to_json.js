// Conversion of a page's values to JSON text, for the learning-city binding.
//
// `JSON.stringify` does the work (it honours `toJSON`, so a `Rulebook` instance or a
// `Date` turns into its JSON form), and a replacer stops at anything JSON cannot
// hold, naming where it is: NaN and ±Infinity, a BigInt, a function, a symbol. A
// cycle or a structure too deep for the stack is reported too. Nothing here throws.

/** The path of `key` inside the holder at `base`: `records[3].residents`. */
function joinPath(base, key, inArray) {
  if (inArray) return `${base}[${key}]`;
  return base === "" ? key : `${base}.${key}`;
}

/** What was thrown, as text; never throws itself. */
function describe(e) {
  try {
    return e instanceof Error ? String(e.message) : String(e);
  } catch {
    return "a value that cannot be converted";
  }
}

/** Thrown by `check` to stop `JSON.stringify` at the first value JSON cannot hold. */
const STOP = Symbol("no JSON form");

/** A replacer that only looks at each value's type: no bookkeeping, so it is cheap. */
function check(key, v) {
  switch (typeof v) {
    case "number":
      if (!Number.isFinite(v)) throw STOP;
      return v;
    case "bigint":
    case "function":
    case "symbol":
      throw STOP;
    default:
      return v;
  }
}

/**
 * `{ok: true, text}` with the JSON text of `value` (`"null"` for `undefined`), or
 * `{ok: false, path, problem, found}` where `problem` is `not_finite` (a number JSON
 * cannot hold), `not_json` (a BigInt, function or symbol), `too_large` (text longer
 * than `limit`, the core's `documents::MAX_TEXT_BYTES`) or `unconvertible` (a cycle,
 * too deep, a throwing getter), `path` names the value and `found` says what it is.
 */
export function to_json(value, limit) {
  // Plain data (the common case) is checked by a walk and stringified without a
  // replacer: a replacer is called for every value and made `JSON.stringify` half
  // as fast again (100 000 records: 60 ms of walk and 240-300 ms of stringify,
  // against 390-500 ms with `check`). Anything the walk does not vouch for goes
  // through the replacer, first without paths: keeping the path of every object
  // costs more than the stringifying itself (0.9 s against 1.6 s). Only when that
  // pass stops, which good input never does, is the value walked again with them.
  let text;
  try {
    text = plain(value, 0) ? JSON.stringify(value) : JSON.stringify(value, check);
  } catch {
    return withPaths(value, limit);
  }
  return sized(text, limit);
}

/** Objects nested deeper than this are left to the replacer, which reports them. */
const PLAIN_DEPTH = 200;

/**
 * True when `JSON.stringify` would give `v` the same text with `check` as without
 * it: only finite numbers, texts, booleans, `null`, `undefined`, and arrays and
 * plain objects of those, with no `toJSON` anywhere. False for anything else
 * (which the replacer then looks at); a cycle is cut by the depth.
 */
function plain(v, depth) {
  switch (typeof v) {
    case "number":
      return Number.isFinite(v);
    case "string":
    case "boolean":
    case "undefined":
      return true;
    case "object":
      if (v === null) return true;
      if (depth >= PLAIN_DEPTH || typeof v.toJSON === "function") return false;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!plain(v[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const k of Object.keys(v)) if (!plain(v[k], depth + 1)) return false;
      return true;
    default:
      return false;
  }
}

/** The text, or `too_large` when it is longer than `limit`. */
function sized(text, limit) {
  if (text !== undefined && text.length > limit) {
    // Refused here, before the text is copied into the module's memory.
    const found = `JSON text of ${text.length} characters; the limit is ${limit}`;
    return { ok: false, path: "", problem: "too_large", found };
  }
  return { ok: true, text: text === undefined ? "null" : text };
}

/** `to_json` naming where the value JSON cannot hold is. */
function withPaths(value, limit) {
  const paths = new Map();
  let bad = null;
  const replacer = function (key, v) {
    const base = paths.get(this);
    const path = base === undefined ? "" : joinPath(base, key, Array.isArray(this));
    switch (typeof v) {
      case "number":
        if (!Number.isFinite(v)) {
          bad = { ok: false, path, problem: "not_finite", found: String(v) };
          throw bad;
        }
        return v;
      case "bigint":
      case "function":
      case "symbol":
        bad = { ok: false, path, problem: "not_json", found: `a ${typeof v}` };
        throw bad;
      case "object":
        if (v !== null) paths.set(v, path);
        return v;
      default:
        return v;
    }
  };
  try {
    return sized(JSON.stringify(value, replacer), limit);
  } catch (e) {
    if (bad !== null && e === bad) return bad;
    return { ok: false, path: "", problem: "unconvertible", found: describe(e) };
  }
}
