//! Accounts (companies that business contacts belong to).

use std::fmt::Write as _;

use super::random::Rand;
use super::text::fold_into;
use super::{GenAccount, S_ACCOUNT, SeedConfig};
use crate::seed::words::{self, CULTURES};

impl SeedConfig {
    /// Account `i` (`0..accounts`).
    pub fn account(&self, i: u64) -> GenAccount {
        let mut r = Rand::new(self.seed, S_ACCOUNT, i);
        let mut name = String::with_capacity(40);
        let mut slug = String::with_capacity(32);
        match r.below(10) {
            0..=2 => {
                let c = &CULTURES[r.below(CULTURES.len())];
                let a = r.pick(c.last);
                let mut b = r.pick(c.last);
                if a == b {
                    b = r.pick(words::CULTURES[0].last);
                }
                let _ = write!(name, "{a} & {b}");
                fold_into(&mut slug, a, false);
                fold_into(&mut slug, b, false);
                let legal = r.pick(&["LLP", "Ltd", "& Co", "Partners", ""]);
                if !legal.is_empty() {
                    name.push(' ');
                    name.push_str(legal);
                }
            }
            3..=6 => {
                let p = r.pick(words::COMPANY_PREFIX);
                let s = r.pick(words::COMPANY_SUFFIX);
                let ind = r.pick(words::INDUSTRIES);
                let _ = write!(name, "{p}{s} {ind}");
                fold_into(&mut slug, p, false);
                fold_into(&mut slug, s, false);
                let legal = r.pick(words::LEGAL_FORMS);
                if !legal.is_empty() {
                    name.push(' ');
                    name.push_str(legal);
                }
            }
            _ => {
                let town = r.pick(words::COMPANY_TOWNS);
                let ind = r.pick(words::INDUSTRIES);
                let group = r.pick(words::COMPANY_GROUPS);
                let _ = write!(name, "{town} {ind} {group}");
                fold_into(&mut slug, town, false);
                for w in ind.split(' ') {
                    if w != "&" {
                        fold_into(&mut slug, w, false);
                    }
                }
            }
        }
        let mut identifier = String::with_capacity(16);
        let first_word = name.split(' ').next().unwrap_or("");
        let mut code = String::new();
        fold_into(&mut code, first_word, false);
        for c in code.chars().filter(|c| c.is_ascii_alphabetic()).take(12) {
            identifier.push(c.to_ascii_uppercase());
        }
        if identifier.len() < 2 {
            identifier = "ACCT".into();
        }
        let _ = write!(identifier, "-{i:04}");
        slug.retain(|c| c.is_ascii_alphanumeric());
        slug.push_str(".example");
        GenAccount {
            identifier,
            name,
            domain: slug,
        }
    }

    /// The email domain of account `i`'s business contacts.
    pub fn account_domain(&self, i: u64) -> String {
        self.account(i).domain
    }
}
