//! Every generated snapshot, compiled as a library under `#![deny(warnings)]` (dead
//! code included: the items are public API). The round-trip tests in `tests/` use them.
#![deny(warnings)]

/// Generated from `schemas/address-history.json`.
pub mod address_history {
    include!("../../snapshots/address_history.rs");
}
/// Generated from `schemas/basic-identity.json`.
pub mod basic_identity {
    include!("../../snapshots/basic_identity.rs");
}
/// Generated from `schemas/biometrics.json`.
pub mod biometrics {
    include!("../../snapshots/biometrics.rs");
}
/// Generated from `schemas/consent.json`.
pub mod consent {
    include!("../../snapshots/consent.rs");
}
/// Generated from `tests/schemas/edge-cases.json` (names and shapes, not a GO task).
pub mod edge_cases {
    include!("../../snapshots/edge_cases.rs");
}
/// Generated from `tests/schemas/scalar-root.json` (a root that is not an object).
pub mod scalar_root {
    include!("../../snapshots/scalar_root.rs");
}
/// Generated from `schemas/contacts.json`.
pub mod contacts {
    include!("../../snapshots/contacts.rs");
}
/// Generated from `schemas/kyc.json`.
pub mod kyc {
    include!("../../snapshots/kyc.rs");
}
/// Generated from `schemas/kyc-2020.json`.
pub mod kyc_2020 {
    include!("../../snapshots/kyc_2020.rs");
}
/// Generated from `schemas/passport-document.json`.
pub mod passport_document {
    include!("../../snapshots/passport_document.rs");
}
/// Generated from `schemas/split-address.json`.
pub mod split_address {
    include!("../../snapshots/split_address.rs");
}
/// Generated from `schemas/us-ssn.json`.
pub mod us_ssn {
    include!("../../snapshots/us_ssn.rs");
}

/// `schemas/kyc.json` generated with every `Builder` hook (see build.rs): the current
/// address renamed `PostalAddress`, the emails' type `EmailAddress`, the country and
/// the date of birth held in this crate's own types ([`hooked_types`]), `Eq` and
/// `Hash` on every type, and attributes.
pub mod hooked {
    include!(concat!(env!("OUT_DIR"), "/hooked/kyc.rs"));
}

/// `schemas/consent.json` with the consent item's `url` (a member two `allOf`
/// layers judge) held in [`hooked_types::Url`].
pub mod hooked_consent {
    include!(concat!(env!("OUT_DIR"), "/hooked_consent/consent.rs"));
}

/// The types of this crate's own that `hooked` and `hooked_consent` hold
/// (`Builder::replace`).
pub mod hooked_types {
    use serde::{Deserialize, Deserializer, Serialize};

    /// A URL of this crate's own (any string: the schema's `format: uri` is checked
    /// before it is read).
    #[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(transparent)]
    pub struct Url(pub String);

    /// A country code of this crate's own. Its `Deserialize` accepts any string
    /// except `"ZZ"`, more than the schema (`^[A-Z]{2}$`) allows: the schema's
    /// check still runs first, so a lower-case code is still refused.
    #[derive(Clone, PartialEq, Eq, Hash, Serialize)]
    pub struct CountryCode(pub String);

    impl<'de> Deserialize<'de> for CountryCode {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let s = String::deserialize(d)?;
            if s == "ZZ" {
                return Err(serde::de::Error::custom("ZZ is reserved"));
            }
            Ok(CountryCode(s))
        }
    }

    /// A calendar date of this crate's own, read from `YYYY-MM-DD`.
    #[derive(Clone, Copy, PartialEq, Eq, Hash)]
    pub struct Date {
        /// The year.
        pub year: u16,
        /// The month, 1 to 12.
        pub month: u8,
        /// The day, 1 to 31.
        pub day: u8,
    }

    impl Serialize for Date {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&format!(
                "{:04}-{:02}-{:02}",
                self.year, self.month, self.day
            ))
        }
    }

    impl<'de> Deserialize<'de> for Date {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let s = String::deserialize(d)?;
            let bad = || serde::de::Error::custom("not a YYYY-MM-DD date");
            let mut parts = s.splitn(3, '-');
            let mut next = || parts.next().and_then(|p| p.parse::<u16>().ok());
            let (year, month, day) = (
                next().ok_or_else(bad)?,
                next().ok_or_else(bad)?,
                next().ok_or_else(bad)?,
            );
            Ok(Date {
                year,
                month: u8::try_from(month).map_err(|_| bad())?,
                day: u8::try_from(day).map_err(|_| bad())?,
            })
        }
    }
}

/// Every fixture schema generated with `Builder::schemars(true)`: each type derives
/// `schemars::JsonSchema` through `gbg_go::__private::schemars`.
pub mod with_schemars {
    #![allow(missing_docs)]
    pub mod address_history {
        include!(concat!(
            env!("OUT_DIR"),
            "/with_schemars/address_history.rs"
        ));
    }
    pub mod basic_identity {
        include!(concat!(env!("OUT_DIR"), "/with_schemars/basic_identity.rs"));
    }
    pub mod biometrics {
        include!(concat!(env!("OUT_DIR"), "/with_schemars/biometrics.rs"));
    }
    pub mod consent {
        include!(concat!(env!("OUT_DIR"), "/with_schemars/consent.rs"));
    }
    pub mod contacts {
        include!(concat!(env!("OUT_DIR"), "/with_schemars/contacts.rs"));
    }
    pub mod kyc {
        include!(concat!(env!("OUT_DIR"), "/with_schemars/kyc.rs"));
    }
    pub mod kyc_2020 {
        include!(concat!(env!("OUT_DIR"), "/with_schemars/kyc_2020.rs"));
    }
    pub mod passport_document {
        include!(concat!(
            env!("OUT_DIR"),
            "/with_schemars/passport_document.rs"
        ));
    }
    pub mod split_address {
        include!(concat!(env!("OUT_DIR"), "/with_schemars/split_address.rs"));
    }
    pub mod us_ssn {
        include!(concat!(env!("OUT_DIR"), "/with_schemars/us_ssn.rs"));
    }
}

/// The full GO `context.subject` schema from GBG's OpenAPI description, wrapped as a
/// task schema and generated at build time (feature `shared-data`).
#[cfg(feature = "shared-data")]
pub mod go_subject {
    include!(concat!(env!("OUT_DIR"), "/go_subject.rs"));
}

/// The typed literal macro each module provides (`kyc::prefill!`), used where it lives:
/// in the crate that includes the module.
#[cfg(test)]
mod typed_prefill {
    use crate::{biometrics, edge_cases, kyc, kyc_2020, us_ssn};

    #[test]
    fn literals_build_the_generated_types_directly() {
        let root: kyc::Root = kyc::prefill!({
            "context": {"subject": {
                "identity": {
                    "title": "Dr", "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10",
                    "currentAddress": {"lines": ["12 St James's Square"], "country": "GB"}
                },
                "consent": [{"type": "explicit", "url": "https://example.com/terms"}]
            }, "trace": {"kept": true}}
        });
        root.validate().unwrap();
        assert_eq!(root.context.subject.identity.title, Some(kyc::Title::Dr));
        assert_eq!(root.context.subject.identity.first_name.get(), "Ada");
        assert_eq!(
            root.context.extra["trace"],
            serde_json::json!({"kept": true})
        );
    }

    #[test]
    fn sealed_structs_unions_and_nulls() {
        let ssn: us_ssn::Root = us_ssn::prefill!({"context": {"subject": {"identity": {"idNumbers": [{"type": "SSN", "value": "123-45-6789"}]}}}});
        assert_eq!(
            ssn.context.subject.identity.id_numbers.get()[0].value(),
            "123-45-6789"
        );
        let bio: biometrics::Root = biometrics::prefill!({"context": {"subject": {"biometrics": [{"faceImage": "aGVsbG8gd29ybGQgaW1hZ2U="}]}}});
        assert!(matches!(
            bio.context.subject.biometrics[0],
            biometrics::Biometric::FaceImage(_)
        ));
        let k: kyc_2020::Root = kyc_2020::prefill!({"context": {"subject": {"identity": {"firstName": "Grace", "middleName": null}}}});
        assert_eq!(k.context.subject.identity.middle_name, Some(None));
        let e: edge_cases::Root = edge_cases::prefill!({"2fa": true, "tree": {"name": "root", "children": [{"name": "leaf"}]}, "choice": 7, "scores": {"a": 1.5}});
        e.validate().unwrap();
    }

    #[test]
    fn expressions_make_a_result_validated_at_run_time() {
        let first = String::from("Ada");
        let ok: Result<kyc::Root, gbg_go::ValidationError> = kyc::try_prefill!({"context": {"subject": {"identity": {
            "firstName": first, "lastNames": ["Lovelace"], "dateOfBirth": "1815-12-10"}}}});
        assert!(ok.is_ok());
        let born = "1815-02-30";
        let err = kyc::try_prefill!({"context": {"subject": {"identity": {
            "firstName": "Ada", "lastNames": ["Lovelace"], "dateOfBirth": born}}}})
        .unwrap_err();
        assert_eq!(
            err.violations()[0].pointer,
            "/context/subject/identity/dateOfBirth"
        );
    }
}
/// A realistic, large `prefill!` literal at real size (790 lines, nested 31 levels:
/// an undeclared member of the open root holds the deepest part), in both forms:
/// the standalone `gbg_go::prefill!` (a `Payload`) and the module's typed form. Each
/// compiles and equals `serde_json` parsing of the same document. `json!` recursed
/// once per token and failed on literals a third of this size; values are now built
/// directly. The literal is written once, in `with_large_literal!`.
#[cfg(test)]
mod large_literal {
    // The typed macro names the module by its file stem, so it must be in scope.
    use crate::kyc;

    /// `$macro!($($args)* <the literal>)`.
    macro_rules! with_large_literal {
        ($($macro:ident)::+; $($args:tt)*) => {
            $($macro)::+!($($args)* {
            "context": {
                "subject": {
                    "identity": {
                        "title": "Dr",
                        "firstName": "Ada",
                        "middleNames": [
                            "Name0",
                            "Name1",
                            "Name2",
                            "Name3",
                            "Name4",
                            "Name5",
                            "Name6",
                            "Name7",
                            "Name8",
                            "Name9",
                            "Name10",
                            "Name11"
                        ],
                        "lastNames": [
                            "Lovelace",
                            "King"
                        ],
                        "dateOfBirth": "1815-12-10",
                        "gender": "F",
                        "currentAddress": {
                            "lines": [
                                "1 High Street",
                                "Flat 2"
                            ],
                            "locality": "Leeds",
                            "postalCode": "LS1 1AA",
                            "country": "GB"
                        },
                        "emails": [
                            {
                                "email": "ada0@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 0
                                }
                            },
                            {
                                "email": "ada1@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 1
                                }
                            },
                            {
                                "email": "ada2@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 2
                                }
                            },
                            {
                                "email": "ada3@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 3
                                }
                            },
                            {
                                "email": "ada4@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 4
                                }
                            },
                            {
                                "email": "ada5@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 5
                                }
                            },
                            {
                                "email": "ada6@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 6
                                }
                            },
                            {
                                "email": "ada7@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 7
                                }
                            },
                            {
                                "email": "ada8@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 8
                                }
                            },
                            {
                                "email": "ada9@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 9
                                }
                            },
                            {
                                "email": "ada10@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 10
                                }
                            },
                            {
                                "email": "ada11@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 11
                                }
                            },
                            {
                                "email": "ada12@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 12
                                }
                            },
                            {
                                "email": "ada13@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 13
                                }
                            },
                            {
                                "email": "ada14@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 14
                                }
                            },
                            {
                                "email": "ada15@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 15
                                }
                            },
                            {
                                "email": "ada16@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 16
                                }
                            },
                            {
                                "email": "ada17@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 17
                                }
                            },
                            {
                                "email": "ada18@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 18
                                }
                            },
                            {
                                "email": "ada19@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 19
                                }
                            },
                            {
                                "email": "ada20@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 20
                                }
                            },
                            {
                                "email": "ada21@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 21
                                }
                            },
                            {
                                "email": "ada22@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 22
                                }
                            },
                            {
                                "email": "ada23@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 23
                                }
                            },
                            {
                                "email": "ada24@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 24
                                }
                            },
                            {
                                "email": "ada25@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 25
                                }
                            },
                            {
                                "email": "ada26@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 26
                                }
                            },
                            {
                                "email": "ada27@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 27
                                }
                            },
                            {
                                "email": "ada28@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 28
                                }
                            },
                            {
                                "email": "ada29@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 29
                                }
                            },
                            {
                                "email": "ada30@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 30
                                }
                            },
                            {
                                "email": "ada31@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 31
                                }
                            },
                            {
                                "email": "ada32@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 32
                                }
                            },
                            {
                                "email": "ada33@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 33
                                }
                            },
                            {
                                "email": "ada34@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 34
                                }
                            },
                            {
                                "email": "ada35@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 35
                                }
                            },
                            {
                                "email": "ada36@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 36
                                }
                            },
                            {
                                "email": "ada37@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 37
                                }
                            },
                            {
                                "email": "ada38@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 38
                                }
                            },
                            {
                                "email": "ada39@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 39
                                }
                            },
                            {
                                "email": "ada40@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 40
                                }
                            },
                            {
                                "email": "ada41@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 41
                                }
                            },
                            {
                                "email": "ada42@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 42
                                }
                            },
                            {
                                "email": "ada43@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 43
                                }
                            },
                            {
                                "email": "ada44@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 44
                                }
                            },
                            {
                                "email": "ada45@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 45
                                }
                            },
                            {
                                "email": "ada46@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 46
                                }
                            },
                            {
                                "email": "ada47@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 47
                                }
                            },
                            {
                                "email": "ada48@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 48
                                }
                            },
                            {
                                "email": "ada49@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 49
                                }
                            },
                            {
                                "email": "ada50@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 50
                                }
                            },
                            {
                                "email": "ada51@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 51
                                }
                            },
                            {
                                "email": "ada52@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 52
                                }
                            },
                            {
                                "email": "ada53@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 53
                                }
                            },
                            {
                                "email": "ada54@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 54
                                }
                            },
                            {
                                "email": "ada55@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 55
                                }
                            },
                            {
                                "email": "ada56@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 56
                                }
                            },
                            {
                                "email": "ada57@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 57
                                }
                            },
                            {
                                "email": "ada58@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 58
                                }
                            },
                            {
                                "email": "ada59@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 59
                                }
                            },
                            {
                                "email": "ada60@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 60
                                }
                            },
                            {
                                "email": "ada61@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 61
                                }
                            },
                            {
                                "email": "ada62@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 62
                                }
                            },
                            {
                                "email": "ada63@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 63
                                }
                            },
                            {
                                "email": "ada64@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 64
                                }
                            },
                            {
                                "email": "ada65@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 65
                                }
                            },
                            {
                                "email": "ada66@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 66
                                }
                            },
                            {
                                "email": "ada67@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 67
                                }
                            },
                            {
                                "email": "ada68@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 68
                                }
                            },
                            {
                                "email": "ada69@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 69
                                }
                            },
                            {
                                "email": "ada70@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 70
                                }
                            },
                            {
                                "email": "ada71@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 71
                                }
                            },
                            {
                                "email": "ada72@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 72
                                }
                            },
                            {
                                "email": "ada73@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 73
                                }
                            },
                            {
                                "email": "ada74@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 74
                                }
                            },
                            {
                                "email": "ada75@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 75
                                }
                            },
                            {
                                "email": "ada76@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 76
                                }
                            },
                            {
                                "email": "ada77@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 77
                                }
                            },
                            {
                                "email": "ada78@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 78
                                }
                            },
                            {
                                "email": "ada79@example.com",
                                "label": {
                                    "kind": "work",
                                    "rank": 79
                                }
                            }
                        ],
                        "phones": [
                            {
                                "number": "+447700900000"
                            },
                            {
                                "number": "+447700900001"
                            },
                            {
                                "number": "+447700900002"
                            },
                            {
                                "number": "+447700900003"
                            },
                            {
                                "number": "+447700900004"
                            },
                            {
                                "number": "+447700900005"
                            },
                            {
                                "number": "+447700900006"
                            },
                            {
                                "number": "+447700900007"
                            },
                            {
                                "number": "+447700900008"
                            },
                            {
                                "number": "+447700900009"
                            },
                            {
                                "number": "+447700900010"
                            },
                            {
                                "number": "+447700900011"
                            },
                            {
                                "number": "+447700900012"
                            },
                            {
                                "number": "+447700900013"
                            },
                            {
                                "number": "+447700900014"
                            },
                            {
                                "number": "+447700900015"
                            },
                            {
                                "number": "+447700900016"
                            },
                            {
                                "number": "+447700900017"
                            },
                            {
                                "number": "+447700900018"
                            },
                            {
                                "number": "+447700900019"
                            },
                            {
                                "number": "+447700900020"
                            },
                            {
                                "number": "+447700900021"
                            },
                            {
                                "number": "+447700900022"
                            },
                            {
                                "number": "+447700900023"
                            },
                            {
                                "number": "+447700900024"
                            },
                            {
                                "number": "+447700900025"
                            },
                            {
                                "number": "+447700900026"
                            },
                            {
                                "number": "+447700900027"
                            },
                            {
                                "number": "+447700900028"
                            },
                            {
                                "number": "+447700900029"
                            },
                            {
                                "number": "+447700900030"
                            },
                            {
                                "number": "+447700900031"
                            },
                            {
                                "number": "+447700900032"
                            },
                            {
                                "number": "+447700900033"
                            },
                            {
                                "number": "+447700900034"
                            },
                            {
                                "number": "+447700900035"
                            },
                            {
                                "number": "+447700900036"
                            },
                            {
                                "number": "+447700900037"
                            },
                            {
                                "number": "+447700900038"
                            },
                            {
                                "number": "+447700900039"
                            }
                        ]
                    },
                    "consent": [
                        {
                            "type": "explicit",
                            "url": "https://example.com/terms"
                        }
                    ]
                }
            },
            "audit": {
                "level1": {
                    "level2": {
                        "level3": {
                            "level4": {
                                "level5": {
                                    "level6": {
                                        "level7": {
                                            "level8": {
                                                "level9": {
                                                    "level10": {
                                                        "level11": {
                                                            "level12": {
                                                                "level13": {
                                                                    "level14": {
                                                                        "level15": {
                                                                            "level16": {
                                                                                "level17": {
                                                                                    "level18": {
                                                                                        "level19": {
                                                                                            "level20": {
                                                                                                "level21": {
                                                                                                    "level22": {
                                                                                                        "level23": {
                                                                                                            "level24": {
                                                                                                                "level25": {
                                                                                                                    "level26": {
                                                                                                                        "level27": {
                                                                                                                            "level28": {
                                                                                                                                "level29": {
                                                                                                                                    "level30": "bottom"
                                                                                                                                }
                                                                                                                            }
                                                                                                                        }
                                                                                                                    }
                                                                                                                }
                                                                                                            }
                                                                                                        }
                                                                                                    }
                                                                                                }
                                                                                            }
                                                                                        }
                                                                                    }
                                                                                }
                                                                            }
                                                                        }
                                                                    }
                                                                }
                                                            }
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        })
        };
    }

    const TEXT: &str = include_str!("../../large_literal.json");

    #[test]
    fn the_standalone_form_compiles_and_equals_the_parsed_json() {
        let payload: gbg_go::Payload =
            with_large_literal!(gbg_go::prefill; schema = "../../schemas/kyc.json",);
        let parsed: serde_json::Value = serde_json::from_str(TEXT).unwrap();
        assert_eq!(payload.as_json(), &parsed);
    }

    #[test]
    fn the_typed_form_compiles_and_equals_from_str() {
        let root: kyc::Root = with_large_literal!(kyc::prefill;);
        let parsed: kyc::Root = serde_json::from_str(TEXT).unwrap();
        assert!(root == parsed);
    }
}

/// The module's own `prefill!` is crate-private: its test with the hooks lives here.
#[cfg(test)]
mod hooked_prefill {
    // The module's `prefill!` names the module by its file's stem (`kyc`) at the call
    // site: a module included under another name needs it in scope under that name.
    use crate::hooked as kyc;
    #[test]
    fn the_modules_typed_prefill_names_the_renamed_and_replaced_types() {
        // A literal that reaches a replaced place is built by the type's own
        // `Deserialize` at run time, so it takes `try_prefill!`, which gives a `Result`.
        let root: Result<crate::hooked::Root, gbg_go::ValidationError> = crate::hooked::try_prefill!({
            "context": {"subject": {"identity": {
                "firstName": "Ada",
                "lastNames": ["Lovelace"],
                "dateOfBirth": "1815-12-10",
                "currentAddress": {"lines": ["12 St James Square"], "country": "GB"}
            }}}
        });
        let root = root.unwrap();
        let identity = &root.context.subject.identity;
        assert!(
            identity.date_of_birth
                == crate::hooked_types::Date {
                    year: 1815,
                    month: 12,
                    day: 10
                }
        );
        assert_eq!(identity.current_address.as_ref().unwrap().country.0, "GB");

        // The schema is still checked while compiling; a value the type refuses is
        // the run-time error, at its place.
        let refused: Result<crate::hooked::Root, gbg_go::ValidationError> = crate::hooked::try_prefill!({
            "context": {"subject": {"identity": {
                "firstName": "Ada",
                "lastNames": ["Lovelace"],
                "dateOfBirth": "1815-12-10",
                "currentAddress": {"lines": ["12 St James Square"], "country": "ZZ"}
            }}}
        });
        let e = refused.unwrap_err();
        assert_eq!(
            e.violations()[0].pointer,
            "/context/subject/identity/currentAddress/country"
        );
    }
}
