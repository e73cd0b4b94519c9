//! QA pass 16, English parts of items 1, 2, 3, 9, 10 and 12: target-market
//! and not-for statements, a capped loss and a kick-out plan's payoff terms are
//! not promises or past performance; leveraged trading needs the risk warning
//! without metadata; projections, expert endorsement, regret, an unnamed rival
//! multiple, reassurance to "Could I lose my money?" and a cancellation right
//! played down on a call are caught. The documents and calls are the QA's own
//! (`tests/fixtures/qa17_enfalse`); one-line probes go to a scratch folder.

mod common;

use common::{has, ids, probe, scratch};
use std::path::Path;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/qa17_enfalse");
const CAVEAT: &str = " Capital at risk: you could lose some or all of your money.";

fn fixture(name: &str, meta: &[&str]) -> Vec<String> {
    ids(&Path::new(FIX).join(name), meta)
}

/// The agent's answer to "Could I lose my money?".
fn answer(tag: &str, a: &str) -> Vec<String> {
    probe(
        tag,
        "q.script.txt",
        &format!("Client: Could I lose my money?\nAdvisor: {a}\n"),
        &["product.category=fund"],
    )
}

#[test]
fn item9_not_for_statements_are_not_promises() {
    for line in [
        "This plan is not suitable if you need a guaranteed return or access to your money.",
        "Do not invest if you need a guaranteed income.",
        "If you want a guaranteed return, consider a fixed-rate savings account instead.",
        "Negative balance protection means you can't lose more than you deposit.",
        "Investors who need a guaranteed income should not buy this plan.",
        "It is not suitable for anyone who needs capital protection.",
    ] {
        let found = probe("i9", "x.txt", &format!("{line}{CAVEAT}\n"), &["product.category=other"]);
        assert!(found.is_empty(), "{line}: {found:?}");
    }
    for line in [
        "Guaranteed returns of 8% a year - you can't lose!",
        "With negative balance protection you can't lose.",
        "Not suitable for the faint-hearted? Nonsense: returns are guaranteed.",
    ] {
        let found = probe("i9b", "x.txt", &format!("{line}{CAVEAT}\n"), &["product.category=other"]);
        assert!(has(&found, "EN-GUARANTEE"), "{line}: {found:?}");
    }
    assert!(fixture("structured_ok.md", &[]).is_empty());
}

#[test]
fn item10_payoff_conditions_are_not_past_performance() {
    for line in [
        "If the FTSE 100 has fallen by more than 35% at the end, your capital is reduced by 1% for every 1% fall.",
        "If the index has risen by 10% on an anniversary, the plan matures early.",
    ] {
        let found = probe("i10", "x.txt", &format!("{line}{CAVEAT}\n"), &["product.category=other"]);
        assert!(!has(&found, "EN-PAST-PERFORMANCE"), "{line}: {found:?}");
    }
    for line in
        ["The fund has risen 10% this year.", "The FTSE 100 has risen 10% this year, and so has our plan."]
    {
        let found = probe("i10b", "x.txt", &format!("{line}{CAVEAT}\n"), &["product.category=fund"]);
        assert!(has(&found, "EN-PAST-PERFORMANCE"), "{line}: {found:?}");
    }
}

#[test]
fn item12_projection_endorsement_pressure_comparison() {
    for (line, rule) in [
        (
            "Over the next ten years, £100,000 could become £265,000 with our Adventurous portfolio.",
            "EN-EXPECTED-RETURN",
        ),
        ("Your £20,000 ISA could grow into £50,000.", "EN-EXPECTED-RETURN"),
        ("Your £20,000 ISA could turn into £50,000.", "EN-EXPECTED-RETURN"),
        ("Recommended by retirement experts nationwide.", "EN-ENDORSEMENT"),
        ("Those who wait will regret it.", "EN-PRESSURE"),
        ("Prices are only going one way, so don't miss the boat.", "EN-PRESSURE"),
        (
            "Our portfolio returned 14.2% a year, more than double what the typical workplace default fund managed.",
            "EN-COMPARISON",
        ),
    ] {
        let found = probe("i12", "x.txt", &format!("{line}{CAVEAT}\n"), &["product.category=fund"]);
        assert!(has(&found, rule), "{line}: {found:?}");
    }
    let sipp = fixture("sipp_bad.md", &[]);
    for rule in ["EN-EXPECTED-RETURN", "EN-COMPARISON", "EN-RISK-WARNING", "EN-PAST-PERFORMANCE"] {
        assert!(has(&sipp, rule), "{rule}: {sipp:?}");
    }
}

#[test]
fn item3_leveraged_trading_needs_the_warning() {
    let spread = fixture("spreadbet_bad.md", &[]);
    assert!(has(&spread, "EN-RISK-WARNING"), "{spread:?}");
    let fx = fixture("forex_bad.md", &[]);
    assert!(has(&fx, "EN-RISK-WARNING"), "{fx:?}");
    assert!(has(&fx, "EN-EXPECTED-RETURN"), "{fx:?}");
    assert!(!has(&fx, "EN-GUARANTEE"), "negative balance protection: {fx:?}");
    let cfd = fixture("cfd_ok.md", &[]);
    assert!(cfd.is_empty(), "{cfd:?}");
    for line in [
        "Trade FX like a pro and keep your profits.",
        "Leverage up to 1:500 on major pairs. Big profits.",
        "CFDs on 2,000 markets: earn from rising and falling prices.",
    ] {
        let dir = scratch("i3");
        let path = dir.join("x.txt");
        std::fs::write(&path, format!("{line}\n")).unwrap();
        let found = ids(&path, &[]);
        assert!(has(&found, "EN-RISK-WARNING"), "{line}: {found:?}");
    }
}

#[test]
fn item1_reassurance_in_reply_to_a_loss_question() {
    for a in [
        "Not a chance.",
        "I wouldn't lose sleep over it.",
        "Honestly, that's never going to happen.",
        "Put it this way: in twenty years we've never had a client lose a penny.",
        "You'd need a crash worse than 2008.",
        "Realistically? You'd need a crash worse than 2008. I wouldn't lose sleep over it.",
    ] {
        let found = answer("i1", a);
        assert!(has(&found, "EN-SCRIPT-RISK-DENIED") || has(&found, "EN-SCRIPT-GUARANTEE"), "{a}: {found:?}");
    }
    for a in [
        "Yes, you could lose money: your capital is at risk.",
        "It's not likely to be all of it, but yes, you could lose money.",
        "Yes. A crash like 2008 would cut its value, and your capital is at risk.",
    ] {
        let found = answer("i1b", a);
        assert!(
            !found.iter().any(|f| f == "EN-SCRIPT-RISK-DENIED" || f == "EN-SCRIPT-GUARANTEE"),
            "{a}: {found:?}"
        );
    }
    let call = fixture("en_bad_reassure.script.txt", &["product.category=other", "product.risk_level=R4"]);
    assert!(has(&call, "EN-SCRIPT-RISK-DENIED"), "{call:?}");
}

#[test]
fn item2_cancellation_right_played_down() {
    let call = fixture("en_cooloff_bad.script.txt", &["product.category=fund", "product.risk_level=R4"]);
    assert!(has(&call, "EN-SCRIPT-COOLING-OFF-UNDERMINED"), "{call:?}");
    for line in [
        "Don't worry about the cooling-off period, it's a formality.",
        "There's a cancellation period but no one really uses it.",
        "When compliance ring, keep it short.",
    ] {
        let found = probe("i2", "c.script.txt", &format!("Advisor: {line}\n"), &["product.category=fund"]);
        assert!(has(&found, "EN-SCRIPT-COOLING-OFF-UNDERMINED"), "{line}: {found:?}");
    }
    for line in [
        "You have a 14-day cancellation period; please use it if you change your mind.",
        "Our compliance team will call you; tell them honestly if anything was unclear.",
    ] {
        let found = probe("i2b", "c.script.txt", &format!("Advisor: {line}\n"), &["product.category=fund"]);
        assert!(!has(&found, "EN-SCRIPT-COOLING-OFF-UNDERMINED"), "{line}: {found:?}");
    }
    let good = fixture("en_good.script.txt", &["product.category=fund", "product.risk_level=R3"]);
    assert!(good.is_empty(), "{good:?}");
}
