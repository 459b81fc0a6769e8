//! Measurements in the text — blood pressure ("BP 150/95", "血压160/100"),
//! body temperature ("39.5", "102F", "发烧39度"), age ("3 months old") — and
//! whether one fits a symptom's [`Reading`] or, being normal, denies it.
//!
//! The lexicon turns each fit into a hit of the reading's synthetic term.

use crate::parse::Token;
use crate::rules::schema::Reading;
use std::ops::Range;

/// How a reading is shown as a term ("blood pressure ≥ 140/90 mmHg").
pub(crate) fn describe(r: &Reading) -> String {
    match r {
        Reading::BloodPressureAtLeast(s, d) => format!("blood pressure ≥ {s}/{d} mmHg"),
        Reading::SystolicBelow(s) => format!("systolic blood pressure < {s} mmHg"),
        Reading::TemperatureAtLeast(t) => format!("temperature ≥ {t} °C"),
        Reading::AgeBelow(y) => format!("age under {y} years"),
    }
}

/// Words that make a nearby number a body temperature.
/// A unit after a number that makes it no temperature (keys: stems).
fn is_other_unit(key: &str) -> bool {
    matches!(
        key,
        "km" | "kg"
            | "kilo"
            | "kilogram"
            | "kilometr"
            | "kilomet"
            | "mile"
            | "mi"
            | "m"
            | "cm"
            | "mm"
            | "lb"
            | "lbs"
            | "pound"
            | "g"
            | "mg"
            | "ml"
            | "l"
            | "percent"
            | "hour"
            | "hr"
            | "hrs"
            | "h"
            | "min"
            | "minut"
            | "second"
            | "sec"
            | "year"
            | "yr"
            | "week"
            | "day"
            | "month"
            | "kph"
            | "mph"
            | "公里"
            | "公斤"
            | "斤"
            | "小"
    )
}

fn is_temperature_word(key: &str) -> bool {
    matches!(
        key,
        "t" | "temp"
            | "temperature"
            | "tmax"
            | "fever"
            | "febrile"
            | "thermometer"
            | "温"
            | "烧"
            | "热"
    )
}

/// A measurement read from the token at `i`: `Some((systolic, diastolic))`
/// for blood pressure, a temperature in °C, or an age in years.
pub(crate) enum Measure {
    BloodPressure(u32, u32),
    /// A systolic pressure alone: "systolic 80", "SBP 85", 收缩压80 (mmHg).
    Systolic(u32),
    Temperature(f64),
    Age(f64),
}

impl Measure {
    /// Within the normal adult range: blood pressure 90–139 systolic and
    /// under 90 diastolic (mmHg), temperature 35.5–37.4 °C. Ages are never
    /// "normal": they only say who the patient is.
    fn is_normal(&self) -> bool {
        match *self {
            Measure::BloodPressure(s, d) => (90..140).contains(&s) && d < 90,
            Measure::Systolic(s) => (90..140).contains(&s),
            Measure::Temperature(t) => (35.5..37.5).contains(&t),
            Measure::Age(_) => false,
        }
    }
}

/// An age in years written at token `i`: "3 years old", "3 yr old", "3 yo",
/// "3yo", "age 3", "9 months old", "6 weeks old", "3岁", "8个月大". A number alone, or
/// one followed by "years"/"months" without "old", is a duration ("for 3
/// years"), not an age.
fn age_at(tokens: &[Token], i: usize, clause: &Range<usize>) -> Option<f64> {
    let key = tokens[i].key.as_str();
    let next = |k: usize| {
        clause
            .contains(&(i + k))
            .then(|| tokens[i + k].key.as_str())
    };
    if let Some(n) = key.strip_suffix("yo") {
        return n.parse::<u32>().ok().map(f64::from);
    }
    let n = f64::from(key.parse::<u32>().ok().or_else(|| number_word(key))?);
    // 二十三岁 is 23, not 3: a numeral (or 十, 百) just before makes it a
    // larger number, never a young child's age.
    if i > clause.start {
        let before = tokens[i - 1].key.as_str();
        if number_word(before).is_some() || matches!(before, "十" | "百" | "廿" | "卅") {
            return None;
        }
    }
    // "age 3", "aged 3"
    if i > clause.start && tokens[i - 1].key == "age" {
        return Some(n);
    }
    let per_year = match (next(1)?, next(2), next(3)) {
        ("year" | "yr", Some("old"), _) | ("yo", ..) | ("岁", ..) => 1.0,
        ("month", Some("old"), _) | ("个", Some("月"), Some("大")) => 12.0,
        ("week", Some("old"), _) => 52.0,
        _ => return None,
    };
    Some(n / per_year)
}

/// A small number written as a word (its key): "two", 两, 三 … (ages are
/// written so: "my two year old", 三个月大).
fn number_word(key: &str) -> Option<u32> {
    let n = match key {
        "one" | "一" => 1,
        "two" | "二" | "两" => 2,
        "three" | "三" => 3,
        "four" | "四" => 4,
        "five" | "五" => 5,
        "six" | "六" => 6,
        "seven" | "七" => 7,
        "eight" | "八" => 8,
        "nine" | "九" => 9,
        "ten" | "十" => 10,
        "eleven" => 11,
        "twelv" => 12,
        _ => return None,
    };
    Some(n)
}

pub(crate) fn measure_at(tokens: &[Token], i: usize, clause: &Range<usize>) -> Option<Measure> {
    let key = tokens[i].key.as_str();
    if !key.starts_with(|c: char| c.is_ascii_digit()) {
        // A number in words is only ever an age here.
        return number_word(key)
            .and_then(|_| age_at(tokens, i, clause))
            .map(Measure::Age);
    }
    if let Some(years) = age_at(tokens, i, clause) {
        return Some(Measure::Age(years));
    }
    let bp = |s: u32, d: u32| {
        ((50..=300).contains(&s) && (20..=200).contains(&d) && s > d)
            .then_some(Measure::BloodPressure(s, d))
    };
    if let Some((a, b)) = key.split_once('/') {
        return bp(a.parse().ok()?, b.parse().ok()?);
    }
    // "160 over 100"
    if clause.contains(&(i + 2)) && tokens[i + 1].key == "over" {
        if let (Ok(s), Ok(d)) = (key.parse::<u32>(), tokens[i + 2].key.parse::<u32>()) {
            return bp(s, d);
        }
    }
    // "systolic 80", "SBP of 85", "80 systolic", 收缩压80
    if let Ok(n) = key.parse::<u32>() {
        let word = |j: usize| clause.contains(&j).then(|| tokens[j].key.as_str());
        let named = |k: &str| matches!(k, "systol" | "sbp");
        let before = (1..=2).any(|k| i >= k && word(i - k).is_some_and(named))
            || i >= 2 && word(i - 1) == Some("压") && word(i - 2) == Some("缩");
        if (before || word(i + 1).is_some_and(named)) && (40..=300).contains(&n) {
            return Some(Measure::Systolic(n));
        }
    }
    // A unit written on the number: "103f", "39.2c".
    let (number, unit) = match key.strip_suffix(['c', 'f']) {
        Some(n) if !n.is_empty() => (n, key.get(n.len()..)),
        _ => (key, None),
    };
    let mut v: f64 = number.parse().ok()?;
    let at = |j: usize| {
        tokens
            .get(j)
            .filter(|_| clause.contains(&j))
            .map(|t| t.key.as_str())
    };
    let next = unit.or_else(|| at(i + 1));
    if next == Some("度") {
        // 38度半 is 38.5; 39度8 is 39.8.
        match at(i + 2) {
            Some("半") => v += 0.5,
            Some(d) if d.len() == 1 && number.len() == 2 => {
                v += d.parse::<f64>().map_or(0.0, |d| d / 10.0);
            }
            _ => {}
        }
    }
    let context =
        (clause.start.max(i.saturating_sub(3))..i).any(|j| is_temperature_word(&tokens[j].key));
    let celsius = match next {
        Some("c" | "度") => Some(v),
        Some("degre" | "degrees" | "degree") if v < 45.0 => Some(v),
        Some("degre" | "degrees" | "degree") => Some((v - 32.0) * 5.0 / 9.0),
        Some("f") => Some((v - 32.0) * 5.0 / 9.0),
        _ if context && v > 90.0 => Some((v - 32.0) * 5.0 / 9.0),
        _ if context => Some(v),
        // A unit of something else: "39.5km", "38.5 kg", "40.5 hours".
        Some(u) if is_other_unit(u) => None,
        _ if key.contains('.') && (37.5..=42.5).contains(&v) => Some(v),
        _ => None,
    }?;
    (34.0..=44.0)
        .contains(&celsius)
        .then_some(Measure::Temperature(celsius))
}

/// Whether measure `m` fits reading `r` and, if not, whether it denies it,
/// given every reading of the rule base (`all`).
///
/// A normal value denies the readings of its quantity on either side of the
/// normal range; one that is high for one reading and not another (BP
/// 150/95 and a crisis) says nothing of the other. Of several "at least"
/// readings only the lowest is denied: no hypertension already says no
/// crisis, and one reading must not count against a rule twice.
pub(crate) fn verdict<'a>(
    r: &Reading,
    m: &Measure,
    mut all: impl Iterator<Item = &'a Reading> + Clone,
) -> (bool, bool) {
    let fits = match (r, m) {
        (Reading::BloodPressureAtLeast(s, d), Measure::BloodPressure(ms, md)) => ms >= s || md >= d,
        (Reading::SystolicBelow(s), Measure::BloodPressure(ms, _)) => ms < s,
        (Reading::SystolicBelow(s), Measure::Systolic(ms)) => ms < s,
        (Reading::BloodPressureAtLeast(s, _), Measure::Systolic(ms)) => ms >= s,
        (Reading::TemperatureAtLeast(t), Measure::Temperature(v)) => v >= t,
        (Reading::AgeBelow(y), Measure::Age(a)) => a < y,
        _ => false,
    };
    let lowest_bp = |s: &u32| {
        !all.clone()
            .any(|o| matches!(o, Reading::BloodPressureAtLeast(os, _) if os < s))
    };
    let denies = !fits
        && m.is_normal()
        && match (r, m) {
            (
                Reading::BloodPressureAtLeast(s, _),
                Measure::BloodPressure(..) | Measure::Systolic(_),
            ) => lowest_bp(s),
            (Reading::TemperatureAtLeast(t), Measure::Temperature(_)) => {
                !all.any(|o| matches!(o, Reading::TemperatureAtLeast(ot) if ot < t))
            }
            (Reading::SystolicBelow(_), Measure::BloodPressure(..) | Measure::Systolic(_)) => true,
            _ => false,
        };
    (fits, denies)
}
