//! The start-up choices ARCHITECTURE.md's "Build settings" describes, checked on the built binary
//! with binutils' `readelf` (present wherever Rust links on Linux): kg loads no `libm.so.6` (the
//! HTML layout uses IEEE basic arithmetic only; one `sin` or `powf` anywhere would bring the
//! library, and its loading cost, back at every start), and kg is linked position-dependent
//! unless `KG_PIE` was set at build time (a PIE applies ~21,500 relocations at every start).
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
