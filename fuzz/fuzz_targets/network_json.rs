//! Network documents from anywhere: `documents::check_network` refuses a malformed
//! document with a typed error or reports findings, and `Network::new` builds a
//! network exactly when no N1 finding was reported; a built network walks, rolls
//! up and round-trips without panicking.
//!
//! Input: a JSON object `{"units": [...], "members": [...]}`, or a bare list of units.

#![no_main]

use learning_city::documents::check_network;
use learning_city::network::{Network, Unit};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let (units, members) = match value {
        Value::Object(mut doc) if doc.contains_key("units") => (
            doc.remove("units").unwrap_or(Value::Null),
            doc.remove("members").unwrap_or(Value::Null),
        ),
        other => (other, Value::Null),
    };
    let checked = check_network(units.clone(), members);
    let parsed: Result<Vec<Unit>, _> = serde_json::from_value(units);
    let (Ok(findings), Ok(units)) = (checked, parsed) else {
        return;
    };
    for f in &findings {
        assert!(!f.code.is_empty() && !f.path.is_empty());
        assert!(f.message.en.chars().count() < 1_000, "{}", f.message.en);
    }
    let n1 = findings.iter().filter(|f| f.rule == "N1").count();
    match Network::new(units) {
        Ok(network) => {
            assert_eq!(n1, 0, "{findings:?}");
            let total = network.total();
            let by_street: u64 = network.street_rollups().iter().map(|r| r.residents).sum();
            assert!(by_street <= total.residents || total.residents == u64::MAX);
            for unit in network.units() {
                let _ = network.children(&unit.id);
                let _ = network.street_of(&unit.id);
                let _ = network.communities_of(&unit.id);
                assert!(network.rollup(&unit.id).is_some());
            }
            let text = serde_json::to_string(&network).expect("a network serialises");
            let back: Network = serde_json::from_str(&text).expect("a valid network reads back");
            assert_eq!(back, network);
        }
        Err(e) => {
            assert!(n1 > 0);
            assert_eq!(e.findings.len(), n1);
            let _ = e.to_string();
        }
    }
});
