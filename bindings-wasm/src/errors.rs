//! The one place where the core's errors become JavaScript errors.

use learning_city::ErrorInfo;
use wasm_bindgen::prelude::*;

/// The `name` of every error this package throws.
pub const ERROR_NAME: &str = "LearningCityError";

/// The message of an error: `path: reason`, or the reason alone when the path is
/// empty (the whole value is wrong).
pub fn message(info: &ErrorInfo) -> String {
    if info.path.is_empty() {
        info.reason.clone()
    } else {
        format!("{}: {}", info.path, info.reason)
    }
}

/// A JavaScript `Error` named `LearningCityError` with own properties `kind`,
/// `code`, `path` and `reason`, to be thrown.
pub fn to_js_error(info: &ErrorInfo) -> JsValue {
    let error = js_sys::Error::new(&message(info));
    error.set_name(ERROR_NAME);
    for (key, value) in [
        ("kind", info.kind.as_str()),
        ("code", &info.code),
        ("path", &info.path),
        ("reason", &info.reason),
    ] {
        // Setting a property on a fresh `Error` cannot fail.
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    error.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(path: &str) -> ErrorInfo {
        ErrorInfo {
            kind: learning_city::error::ErrorKind::Record,
            code: "negative".into(),
            path: path.into(),
            reason: "must not be negative (found -5)".into(),
        }
    }

    #[test]
    fn message_is_path_then_reason() {
        assert_eq!(
            message(&info("residents")),
            "residents: must not be negative (found -5)"
        );
        assert_eq!(message(&info("")), "must not be negative (found -5)");
    }
}
