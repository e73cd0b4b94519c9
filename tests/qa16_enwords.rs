//! QA pass 15 item 14: English return promises and pressure in ordinary words.
//! A return stated as a dependable fact about the future ("You'll collect a
//! reliable 7% every year") is a guarantee, one stated as what will happen
//! ("will beat inflation every year") a forecast; urgency without the stock
//! phrases ("Spots … are filling quickly", "decide this weekend") is pressure,
//! in a promotion and on a call. Compliant wording stays clean. The documents
//! are the QA's own (`tests/fixtures/qa16_enwords`); one-line probes are
//! written to a scratch folder.

mod common;

use common::{has, ids, scratch};
use std::path::Path;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/qa16_enwords");
const CAVEAT: &str = " Capital at risk: the value of investments can fall and you may get back less than you invest. Past performance is not a reliable indicator of future results.";

/// One fund promotion line, with the capital-at-risk and past-performance warnings after it.
fn fund_line(tag: &str, line: &str) -> Vec<String> {
    let path = scratch(tag).join("x.txt");
    std::fs::write(&path, format!("Keystone Income Fund. {line}{CAVEAT}\n")).unwrap();
    ids(&path, &["product.category=fund"])
}

#[test]
fn dependable_returns_are_promises() {
    for line in [
        "You'll collect a reliable 7% every year.",
        "Expect a dependable 6% income, year in, year out.",
        "Our income portfolio: a steady 6% you can rely on.",
        "Whatever the news, you can count on 5% a year.",
        "Retire knowing you’ll pocket a rock-solid 5% each year.",
        "Depend on 8 percent, like clockwork.",
    ] {
        let found = fund_line("guar", line);
        assert!(has(&found, "EN-GUARANTEE"), "{line}: {found:?}");
    }
}

#[test]
fn beating_inflation_as_a_fact_is_a_forecast() {
    for line in [
        "This fund will beat inflation every year.",
        "Our bond fund is bound to outperform the market.",
        "It'll comfortably outpace inflation.",
    ] {
        let found = fund_line("fore", line);
        assert!(has(&found, "EN-EXPECTED-RETURN"), "{line}: {found:?}");
    }
}

#[test]
fn pressure_in_ordinary_words() {
    for line in [
        "Spots at our next portfolio review are filling quickly.",
        "This window won't stay open for long.",
        "Prices go up on Monday, so decide this weekend.",
        "Don’t wait until it’s too late.",
        "Only a few places left.",
        "Offer ends Friday.",
        "Slots for the spring review are running low.",
        "Fees go up from Monday, so get in by Friday.",
    ] {
        let found = fund_line("pres", line);
        assert!(has(&found, "EN-PRESSURE"), "{line}: {found:?}");
    }
}

#[test]
fn compliant_wording_stays_clean() {
    for line in [
        "The fund aims to pay an income of 4% a year; this is not guaranteed and the income may fall.",
        "Income may vary.",
        "The offer period closes on 30 June.",
        "This is an inflation-linked bond fund.",
        "The fund aims to beat inflation over the long term (not guaranteed).",
        "Don't expect a steady 7% every year: income can fall as well as rise.",
        "We can't promise you'll collect a reliable 7% every year.",
        "No fund will beat inflation every year.",
        "There is no guarantee the fund will beat inflation.",
        "The fund has delivered a steady 6% a year over the last decade.",
        "Take your time: you can decide tomorrow or next week, after reading the key information document.",
        "Rates could rise next week, and bond prices may fall.",
        "Don't hesitate to contact us with any questions.",
        "Markets may move this week on the inflation data.",
        "Please sign and return the form by Friday so we can process your transfer.",
        "Many savers wait until it's too late to start a pension.",
        "Book your place at our free seminar on 12 March.",
    ] {
        let found = fund_line("ok", line);
        assert!(found.is_empty(), "{line}: {found:?}");
    }
}

#[test]
fn the_annuity_email_gets_its_promise_and_its_pressure() {
    let found = ids(&Path::new(FIX).join("us_annuity_email.txt"), &["product.category=fund"]);
    assert!(has(&found, "EN-PRESSURE"), "{found:?}");
    assert_eq!(found.iter().filter(|f| *f == "EN-GUARANTEE").count(), 2, "{found:?}");
}

#[test]
fn a_scam_warning_blog_quoting_the_phrases_stays_clean() {
    let found = ids(&Path::new(FIX).join("blog_scams.md"), &[]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn an_agent_saying_it_on_a_call() {
    let found = ids(&Path::new(FIX).join("en_pressure_bad.script.txt"), &[]);
    assert_eq!(found.iter().filter(|f| *f == "EN-SCRIPT-PRESSURE").count(), 5, "{found:?}");
    assert!(has(&found, "EN-SCRIPT-GUARANTEE"), "{found:?}");
    assert!(has(&found, "EN-SCRIPT-EXPECTED-RETURN"), "{found:?}");
    let found = ids(&Path::new(FIX).join("en_pressure_ok.script.txt"), &[]);
    assert!(found.is_empty(), "{found:?}");
}
