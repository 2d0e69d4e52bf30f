//! The start-up choices ARCHITECTURE.md's "Build settings" describes, checked on the built binary
//! with binutils' `readelf` (present wherever Rust links on Linux): kg loads no `libm.so.6` (the
//! HTML layout uses IEEE basic arithmetic only; one `sin` or `powf` anywhere would bring the
//! library, and its loading cost, back at every start), and kg is linked position-dependent
//! unless `KG_PIE` was set at build time (a PIE applies ~21,500 relocations at every start),
//! and, where LLD linked it, kg's code is placed in `link/symbol-order.txt`'s order (build.rs).
#![cfg(target_os = "linux")]

use std::process::Command;

fn readelf(flag: &str) -> String {
    let out = Command::new("readelf")
        .args([flag, "--wide", env!("CARGO_BIN_EXE_kg")])
        .output()
        .expect("readelf (binutils) must be installed: scripts/test installs it");
    assert!(out.status.success(), "readelf {flag} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("readelf prints UTF-8")
}

#[test]
fn kg_loads_no_libm() {
    let dynamic = readelf("-d");
    let needed: Vec<&str> = dynamic.lines().filter(|l| l.contains("(NEEDED)")).collect();
    assert!(
        needed.iter().any(|l| l.contains("libc.so")),
        "readelf lists no libc, so the check reads nothing: {dynamic}"
    );
    assert!(
        !needed.iter().any(|l| l.contains("libm.so")),
        "kg needs libm again; a transcendental function (sin, cos, powf, exp, ...) crept in: {needed:?}"
    );
}

#[test]
fn kg_is_position_dependent_unless_kg_pie() {
    let header = readelf("-h");
    let kind = header.lines().find(|l| l.trim_start().starts_with("Type:")).expect("readelf -h prints the type");
    if option_env!("KG_PIE").is_some() {
        assert!(kind.contains("DYN"), "KG_PIE was set, so kg should be a PIE: {kind}");
    } else {
        assert!(kind.contains("EXEC"), "kg should be linked position-dependent (build.rs, -no-pie): {kind}");
    }
}

/// The functions `link/symbol-order.txt` names sit in the binary in the file's order, at the
/// start of the code, when LLD linked kg (build.rs gives LLD the file unless `KG_LINK_ORDER=0`).
/// An optimised build has nearly every name of the file (written from one by `scripts/link-order`;
/// a symbol's name does not depend on its function's body); a debug build, at least the standard
/// library's functions it shares with one. Without LLD, the check is not made, and says so.
#[test]
fn kg_code_is_placed_in_the_link_order() {
    let comment = readelf("--string-dump=.comment");
    if !comment.contains("Linker: LLD") || option_env!("KG_LINK_ORDER") == Some("0") {
        eprintln!("kg was not linked by LLD or KG_LINK_ORDER=0: no link order to check ({comment})");
        return;
    }
    let symbols = readelf("--syms");
    let mut address = std::collections::HashMap::new();
    for line in symbols.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        // Defined functions only: an imported one (`UND`) has no address of its own.
        if let [_, value, _, "FUNC", _, _, section, name] = fields[..] {
            if section != "UND" {
                address.insert(name, u64::from_str_radix(value, 16).expect("readelf prints hexadecimal values"));
            }
        }
    }
    let order_file = concat!(env!("CARGO_MANIFEST_DIR"), "/link/symbol-order.txt");
    let order = std::fs::read_to_string(order_file).expect("link/symbol-order.txt");
    let listed: Vec<&str> = order.lines().collect();
    let placed: Vec<(&str, u64)> = listed.iter().filter_map(|name| Some((*name, *address.get(name)?))).collect();
    let least = if cfg!(debug_assertions) { 20 } else { listed.len() * 9 / 10 };
    assert!(
        placed.len() >= least,
        "only {} of link/symbol-order.txt's {} functions are in kg (at least {least} expected): run \
         scripts/link-order on a release build to write it again",
        placed.len(),
        listed.len()
    );
    for pair in placed.windows(2) {
        assert!(
            pair[0].1 <= pair[1].1,
            "{} ({:#x}) is listed before {} ({:#x}) but placed after it: the link order was not applied",
            pair[0].0,
            pair[0].1,
            pair[1].0,
            pair[1].1
        );
    }
    let first_code = address.values().min().expect("kg has functions");
    let (first_listed, at) = placed[0];
    assert!(
        at - first_code < 4096,
        "{first_listed}, the first function of the link order, is at {at:#x}, not at the code's start ({first_code:#x})"
    );
}
