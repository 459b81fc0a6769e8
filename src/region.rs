//! Emergency numbers by region: the rule base writes "call 999 (or your
//! local emergency number)"; the report puts in the number of the user's
//! region, or, with none given, says "your local emergency number" and lists
//! the common ones once ([`COMMON`]). The rule base's Chinese texts write
//! "999（或當地急救電話）" and are localised the same way by [`localize_zh`]
//! ("當地急救電話" without a region; [`COMMON_ZH`]).
//!
//! Numbers: UK 999 (and 112), Hong Kong 999, Macau 999, EU 112, US and
//! Canada 911, mainland China 120 (ambulance), Taiwan 119, Australia 000, New
//! Zealand 111, India 112, Singapore 995 (ambulance), Japan 119, South Korea
//! 119, Malaysia 999 — as each government's emergency-services pages give
//! them.

use std::borrow::Cow;
use std::str::FromStr;

/// A region whose emergency number yongquan knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Region {
    /// United Kingdom: 999.
    Uk,
    /// Hong Kong: 999.
    Hk,
    /// Macau: 999.
    Mo,
    /// European Union: 112.
    Eu,
    /// United States: 911.
    Us,
    /// Canada: 911.
    Ca,
    /// Mainland China: 120 (ambulance).
    Cn,
    /// Taiwan: 119.
    Tw,
    /// Australia: 000.
    Au,
    /// New Zealand: 111.
    Nz,
    /// India: 112.
    In,
    /// Singapore: 995 (ambulance).
    Sg,
    /// Japan: 119.
    Jp,
    /// South Korea: 119.
    Kr,
    /// Malaysia: 999.
    My,
}

/// Every region: its code (as `--region` takes it) and value.
pub const REGIONS: &[(&str, Region)] = &[
    ("uk", Region::Uk),
    ("hk", Region::Hk),
    ("mo", Region::Mo),
    ("eu", Region::Eu),
    ("us", Region::Us),
    ("ca", Region::Ca),
    ("cn", Region::Cn),
    ("tw", Region::Tw),
    ("au", Region::Au),
    ("nz", Region::Nz),
    ("in", Region::In),
    ("sg", Region::Sg),
    ("jp", Region::Jp),
    ("kr", Region::Kr),
    ("my", Region::My),
];

/// The common numbers, listed once when no region is given.
pub const COMMON: &str =
    "UK/HK 999 · EU 112 · US/Canada 911 · mainland China 120 · Taiwan 119 · Australia 000";

/// [`COMMON`] in Chinese.
pub const COMMON_ZH: &str =
    "英國／香港 999 · 歐盟 112 · 美國／加拿大 911 · 中國內地 120 · 台灣 119 · 澳洲 000";

impl Region {
    /// The number to call for an ambulance.
    pub fn number(self) -> &'static str {
        match self {
            Region::Uk | Region::Hk | Region::Mo | Region::My => "999",
            Region::Eu | Region::In => "112",
            Region::Us | Region::Ca => "911",
            Region::Cn => "120",
            Region::Tw | Region::Jp | Region::Kr => "119",
            Region::Au => "000",
            Region::Nz => "111",
            Region::Sg => "995",
        }
    }
}

/// An unknown region code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown region `{0}`: use one of uk, hk, mo, eu, us, ca, cn, tw, au, nz, in, sg, jp, kr, my"
)]
pub struct UnknownRegion(pub String);

impl FromStr for Region {
    type Err = UnknownRegion;
    fn from_str(s: &str) -> Result<Region, UnknownRegion> {
        let code = s.trim().to_ascii_lowercase();
        let code = match code.as_str() {
            "gb" => "uk",
            "usa" => "us",
            "china" | "zh-cn" => "cn",
            other => other,
        };
        REGIONS
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, r)| *r)
            .ok_or_else(|| UnknownRegion(s.to_string()))
    }
}

/// `text` with the rule base's "999 (or your local emergency number)" (and
/// a bare "999") replaced by the region's number, or by "your local
/// emergency number" without a region.
pub fn localize(text: &str, region: Option<Region>) -> Cow<'_, str> {
    replace_999(
        text,
        region,
        " (or your local emergency number)",
        "your local emergency number",
    )
}

/// [`localize`] for the rule base's Chinese texts: "999（或當地急救電話）"
/// (and a bare "999") becomes the region's number, or "當地急救電話"
/// without a region.
pub fn localize_zh(text: &str, region: Option<Region>) -> Cow<'_, str> {
    replace_999(text, region, "（或當地急救電話）", "當地急救電話")
}

/// `text` with each "999", and the `aside` after it, replaced by the
/// region's number, or by `local` without a region.
fn replace_999<'t>(
    text: &'t str,
    region: Option<Region>,
    aside: &str,
    local: &'static str,
) -> Cow<'t, str> {
    // Each "999" is found through its first byte (`find` with a char uses
    // memchr): localizing with a substring searcher was a tenth of a batch
    // line.
    let next = |from: usize| {
        let mut at = from;
        while let Some(p) = text[at..].find('9') {
            let p = at + p;
            if text[p..].starts_with("999") {
                return Some(p);
            }
            at = p + 1;
        }
        None
    };
    let Some(first) = next(0) else {
        return Cow::Borrowed(text);
    };
    let number = region.map_or(local, Region::number);
    let mut out = String::with_capacity(text.len() + 32);
    let (mut from, mut at) = (0, Some(first));
    while let Some(p) = at {
        out.push_str(&text[from..p]);
        out.push_str(number);
        let mut end = p + 3;
        if text[end..].starts_with(aside) {
            end += aside.len();
        }
        from = end;
        at = next(end);
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_by_region() {
        let text = "call 999 (or your local emergency number) now; Call 999 if it lasts";
        assert_eq!(
            localize(text, Some(Region::Us)),
            "call 911 now; Call 911 if it lasts"
        );
        assert_eq!(
            localize(text, Some(Region::Cn)),
            "call 120 now; Call 120 if it lasts"
        );
        assert_eq!(
            localize(text, None),
            "call your local emergency number now; Call your local emergency number if it lasts"
        );
        assert_eq!(localize("no number here", None), "no number here");
    }

    #[test]
    fn chinese_numbers_by_region() {
        let text = "立即撥打999（或當地急救電話）；如持續請撥打999";
        assert_eq!(
            localize_zh(text, Some(Region::Cn)),
            "立即撥打120；如持續請撥打120"
        );
        assert_eq!(
            localize_zh(text, None),
            "立即撥打當地急救電話；如持續請撥打當地急救電話"
        );
        assert_eq!(localize_zh("沒有號碼", None), "沒有號碼");
    }

    #[test]
    fn codes() {
        assert_eq!("UK".parse::<Region>(), Ok(Region::Uk));
        assert_eq!("gb".parse::<Region>(), Ok(Region::Uk));
        assert_eq!("tw".parse::<Region>().map(Region::number), Ok("119"));
        assert!("xx".parse::<Region>().is_err());
    }
}
