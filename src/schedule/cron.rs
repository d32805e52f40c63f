//! When a job runs: a five-field crontab expression read in a time zone.
//!
//! croner parses the expressions: it takes the standard five fields (minute, hour, day of month,
//! month, day of week) with POSIX/Vixie semantics, where the `cron` crate insists on a leading
//! seconds field and so reads a user's `0 9 * * *` as something else. Times are computed in the
//! job's zone (chrono-tz), so `0 9 * * *` in `Europe/Berlin` is 08:00 UTC in winter and 07:00 UTC
//! in summer.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use croner::parser::{CronParser, Seconds};
use croner::Cron;

/// A job's schedule could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// The expression does not have five fields.
    #[error(
        "job {job}: schedule {expr:?} has {fields} field(s); write five: minute hour day-of-month \
         month day-of-week, such as \"0 6 * * *\"{hint}"
    )]
    FieldCount {
        /// The job.
        job: String,
        /// The expression as written.
        expr: String,
        /// How many fields it has.
        fields: usize,
        /// Extra advice for a common mistake.
        hint: &'static str,
    },
    /// croner rejected the expression.
    #[error("job {job}: invalid schedule {expr:?}: {reason}")]
    Invalid {
        /// The job.
        job: String,
        /// The expression as written.
        expr: String,
        /// What croner said.
        reason: String,
    },
    /// The expression parses but names no time that exists (such as 30 February).
    #[error("job {job}: schedule {expr:?} never fires")]
    NeverFires {
        /// The job.
        job: String,
        /// The expression as written.
        expr: String,
    },
    /// Not an IANA time zone name.
    #[error(
        "job {job}: unknown time zone {tz:?}; use an IANA name such as \"Europe/Berlin\" or \"UTC\""
    )]
    UnknownTimeZone {
        /// The job.
        job: String,
        /// The zone as written.
        tz: String,
    },
    /// Two jobs with one name: logs and run history could not tell them apart.
    #[error("job {job} is scheduled twice; give each job its own name")]
    DuplicateJob {
        /// The name.
        job: String,
    },
}

/// A validated schedule of one job.
#[derive(Debug, Clone)]
pub struct JobSchedule {
    job: String,
    expr: String,
    tz: Tz,
    cron: Cron,
}

impl JobSchedule {
    /// Checks `expr` and `tz` for `job` up front, so a typo fails at start-up and not at 3 a.m.
    /// `@hourly`, `@daily` and the other `@` aliases are accepted too.
    pub fn new(job: &str, expr: &str, tz: &str) -> Result<JobSchedule, ScheduleError> {
        let tz: Tz = tz.parse().map_err(|_| ScheduleError::UnknownTimeZone {
            job: job.to_owned(),
            tz: tz.to_owned(),
        })?;
        let trimmed = expr.trim();
        let fields = trimmed.split_whitespace().count();
        if !trimmed.starts_with('@') && fields != 5 {
            return Err(ScheduleError::FieldCount {
                job: job.to_owned(),
                expr: expr.to_owned(),
                fields,
                hint: match fields {
                    6 => " (a seconds field is not supported: jobs run at most once a minute)",
                    _ => "",
                },
            });
        }
        let cron = CronParser::builder()
            .seconds(Seconds::Disallowed)
            .build()
            .parse(trimmed)
            .map_err(|e| ScheduleError::Invalid {
                job: job.to_owned(),
                expr: expr.to_owned(),
                reason: e.to_string(),
            })?;
        let schedule = JobSchedule {
            job: job.to_owned(),
            expr: trimmed.to_owned(),
            tz,
            cron,
        };
        if schedule.next_after(Utc::now()).is_none() {
            return Err(ScheduleError::NeverFires {
                job: job.to_owned(),
                expr: expr.to_owned(),
            });
        }
        Ok(schedule)
    }

    /// The job's name.
    pub fn job(&self) -> &str {
        &self.job
    }

    /// The expression, trimmed.
    pub fn expression(&self) -> &str {
        &self.expr
    }

    /// The zone the expression is read in.
    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    /// The first time strictly after `t` at which the job is due, or `None` if there is none.
    pub fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.cron
            .find_next_occurrence(&t.with_timezone(&self.tz), false)
            .ok()
            .map(|local| local.with_timezone(&Utc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    #[test]
    fn nine_in_berlin_is_eight_utc_in_winter_and_seven_in_summer() {
        let s = JobSchedule::new("news", "0 9 * * *", "Europe/Berlin").unwrap();
        assert_eq!(
            s.next_after(utc(2026, 1, 15, 0, 0)),
            Some(utc(2026, 1, 15, 8, 0))
        );
        assert_eq!(
            s.next_after(utc(2026, 7, 15, 0, 0)),
            Some(utc(2026, 7, 15, 7, 0))
        );
    }

    #[test]
    fn next_is_strictly_after() {
        let s = JobSchedule::new("j", "* * * * *", "UTC").unwrap();
        assert_eq!(
            s.next_after(utc(2026, 1, 1, 10, 0)),
            Some(utc(2026, 1, 1, 10, 1))
        );
    }

    #[test]
    fn day_of_month_or_day_of_week_as_vixie_cron() {
        // 13th of the month OR any Friday, as crontab(5) documents.
        let s = JobSchedule::new("j", "0 0 13 * 5", "UTC").unwrap();
        // Thu 1 Jan 2026 -> Fri 2 Jan.
        assert_eq!(
            s.next_after(utc(2026, 1, 1, 0, 0)),
            Some(utc(2026, 1, 2, 0, 0))
        );
    }

    #[test]
    fn aliases_are_accepted() {
        let s = JobSchedule::new("j", "@hourly", "UTC").unwrap();
        assert_eq!(
            s.next_after(utc(2026, 1, 1, 10, 5)),
            Some(utc(2026, 1, 1, 11, 0))
        );
    }
}
