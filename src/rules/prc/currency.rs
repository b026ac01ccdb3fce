//! PRC017: the product currency, against ISO 4217.

use super::PRC017;
use crate::finding::Finding;
use crate::model::Optional;
use crate::model::tolerant::Product;

/// Active ISO 4217 currency codes (list one, currencies only: fund codes, precious metals,
/// units of account, testing and no-currency codes left out).
///
/// Source: ISO 4217 list one, maintained by SIX Group for ISO, as of amendment 180
/// (compiled 2026-11): the list as of amendment 179 (2025-05-02), then EUR replacing BGN on
/// 2026-01-01 (amendment 180). Earlier changes it reflects: XCG replaced ANG (amendment 176,
/// 2025-03-31; ANG legal tender until 2025-07-01), ZWG replaced ZWL (2024), SLE replaced SLL
/// (amendment 175, end of 2023), EUR replaced HRK (2023), CUC withdrawn (2021). When a new
/// amendment lands, update this list, `WITHDRAWN`, and the PRC017 docs together.
pub(super) const ISO_4217_ACTIVE: [&str; 155] = [
    "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BHD",
    "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF",
    "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN",
    "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD",
    "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES",
    "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL",
    "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN",
    "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP",
    "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK",
    "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT",
    "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VED", "VES",
    "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
];

/// Codes of ISO 4217 that are not currencies to price in, with what they are.
const NOT_CURRENCIES: [(&str, &str); 23] = [
    ("XXX", "the code for \"no currency\""),
    ("XTS", "reserved for testing"),
    ("XAU", "gold, not a currency"),
    ("XAG", "silver, not a currency"),
    ("XPT", "platinum, not a currency"),
    ("XPD", "palladium, not a currency"),
    ("XDR", "the IMF's special drawing right, a unit of account"),
    ("XBA", "a bond-market unit of account"),
    ("XBB", "a bond-market unit of account"),
    ("XBC", "a bond-market unit of account"),
    ("XBD", "a bond-market unit of account"),
    ("XSU", "the SUCRE unit of account"),
    ("XUA", "the African Development Bank's unit of account"),
    ("BOV", "a fund code (Mvdol), not a currency"),
    ("CHE", "a fund code (WIR euro), not a currency"),
    ("CHW", "a fund code (WIR franc), not a currency"),
    ("CLF", "a fund code (Unidad de Fomento), not a currency"),
    ("COU", "a fund code (Unidad de Valor Real), not a currency"),
    (
        "MXV",
        "a fund code (Mexican Unidad de Inversion), not a currency",
    ),
    ("USN", "a fund code (US dollar next day), not a currency"),
    (
        "UYI",
        "a fund code (Uruguay peso en unidades indexadas), not a currency",
    ),
    ("UYW", "a fund code (Unidad previsional), not a currency"),
    ("XFU", "a withdrawn UIC franc, not a currency"),
];

/// Withdrawn codes still seen in the wild, with the code that replaced them.
const WITHDRAWN: [(&str, &str); 24] = [
    ("ANG", "XCG"),
    ("BGN", "EUR"),
    ("HRK", "EUR"),
    ("CUC", "CUP"),
    ("SLL", "SLE"),
    ("ZWL", "ZWG"),
    ("VEF", "VES"),
    ("MRO", "MRU"),
    ("STD", "STN"),
    ("BYR", "BYN"),
    ("LTL", "EUR"),
    ("LVL", "EUR"),
    ("EEK", "EUR"),
    ("SKK", "EUR"),
    ("CYP", "EUR"),
    ("MTL", "EUR"),
    ("SIT", "EUR"),
    ("DEM", "EUR"),
    ("FRF", "EUR"),
    ("ITL", "EUR"),
    ("ESP", "EUR"),
    ("TRL", "TRY"),
    ("ZMK", "ZMW"),
    ("GHC", "GHS"),
];

/// PRC017.
pub(super) fn currency(product: &Product, out: &mut Vec<Finding>) {
    let Some(code) = product.currency.valid().map(String::as_str) else {
        return;
    };
    if ISO_4217_ACTIVE.contains(&code) {
        return;
    }
    let upper = code.trim().to_ascii_uppercase();
    let (message, help) = if let Some((_, what)) = NOT_CURRENCIES.iter().find(|(c, _)| *c == upper)
    {
        (
            format!("`{code}` is {what}"),
            "write the code of the currency buyers pay in, e.g. `USD`".to_owned(),
        )
    } else if let Some((_, now)) = WITHDRAWN.iter().find(|(c, _)| *c == upper) {
        (
            format!(
                "currency `{code}` has been withdrawn from ISO 4217; it was replaced by `{now}`"
            ),
            format!("write `currency: {now}`"),
        )
    } else if ISO_4217_ACTIVE.contains(&upper.as_str()) {
        (
            format!("currency `{code}` must be written in capitals"),
            format!("write `currency: {upper}`"),
        )
    } else {
        (
            format!("currency `{code}` is not an active ISO 4217 currency code"),
            "write a three-letter ISO 4217 code in capitals, e.g. `USD` or `EUR`, or leave `currency` out for `USD`".to_owned(),
        )
    };
    out.push(Finding::new(&PRC017, "/product/currency", message).help(help));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_lists_are_sorted_capitals_and_disjoint() {
        let mut sorted = ISO_4217_ACTIVE;
        sorted.sort_unstable();
        assert_eq!(sorted, ISO_4217_ACTIVE, "keep the list sorted");
        for code in ISO_4217_ACTIVE {
            assert!(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(!NOT_CURRENCIES.iter().any(|(c, _)| *c == code), "{code}");
            assert!(!WITHDRAWN.iter().any(|(c, _)| *c == code), "{code}");
        }
        for (_, now) in WITHDRAWN {
            assert!(ISO_4217_ACTIVE.contains(&now), "{now}");
        }
    }
}
