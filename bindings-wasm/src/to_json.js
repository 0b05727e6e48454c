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
  // First without paths: keeping the path of every object costs more than the
  // stringifying itself (100 000 records: 0.9 s against 1.6 s). Only when that pass
  // stops, which good input never does, is the value walked again with them.
  let text;
  try {
    text = JSON.stringify(value, check);
  } catch {
    return withPaths(value, limit);
  }
  return sized(text, limit);
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
