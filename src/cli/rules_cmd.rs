//! `yongquan rules …`: list, show, check, test and new.

use super::args::{RulesCommand, ShowFormat};
use super::{json, load, write_out, CliError, Outcome};

pub fn run(cmd: RulesCommand) -> Result<Outcome, CliError> {
    match cmd {
        RulesCommand::List(r) => {
            let m = load(&r)?;
            let mut out = String::new();
            for rule in &m.rules().rules {
                out.push_str(&format!(
                    "{:<30} {:<45} {:>3} symptoms  {}\n",
                    rule.id,
                    format!("{} ({})", rule.pattern.en, rule.pattern.zh),
                    rule.symptoms.len(),
                    rule.origin
                ));
            }
            write_out(&out)?;
            Ok(Outcome::Matched)
        }
        RulesCommand::Show { id, format, rules } => {
            let m = load(&rules)?;
            let rb = m.rules();
            let Some(rid) = rb.rule_id(&id) else {
                let hint =
                    yongquan::rules::did_you_mean(&id, rb.rules.iter().map(|r| r.id.as_str()))
                        .unwrap_or_else(|| "see `yongquan rules list`".into());
                return Err(CliError::Usage(format!("no rule `{id}`; {hint}")));
            };
            let rule = rb.rule(rid);
            let out = match format {
                ShowFormat::Ron => {
                    let pretty = ron::ser::PrettyConfig::default().struct_names(false);
                    let body = ron::ser::to_string_pretty(&rule.def, pretty)
                        .map_err(|e| CliError::Usage(e.to_string()))?;
                    format!("// {} (loaded from {})\n{body}\n", rule.id, rule.origin)
                }
                ShowFormat::Json => {
                    let v = serde_json::json!({ "origin": rule.origin, "rule": rule.def });
                    json(&v)
                }
            };
            write_out(&out)?;
            Ok(Outcome::Matched)
        }
        RulesCommand::Check { .. } | RulesCommand::Test { .. } | RulesCommand::New { .. } => Err(
            CliError::Usage("this subcommand is not implemented yet (issue 3)".into()),
        ),
    }
}
