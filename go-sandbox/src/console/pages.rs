//! The HTML shells of the console and the end-user page, rendered with maud: every
//! interpolated value is escaped. The shells hold no inline script; their scripts
//! (`assets/`) read the page token and the instance id from `<meta>` tags and build
//! the rest from JSON with `textContent`.

use maud::{html, Markup, DOCTYPE};

use super::views::JourneyView;

fn head(title: &str, token: &str, script: &str, instance: Option<&str>) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            meta name="gbg-sandbox-token" content=(token);
            @if let Some(id) = instance { meta name="gbg-instance" content=(id); }
            title { (title) }
            link rel="stylesheet" href="/_sandbox/console/assets/style.css";
            script src="/_sandbox/console/assets/dom.js" defer {}
            script src=(format!("/_sandbox/console/assets/{script}")) defer {}
        }
    }
}

/// The console. The journeys are rendered on the server too (so the page is useful
/// before its script runs); instances, counters, faults and the clock are filled in
/// and kept live by `console.js`.
pub(crate) fn console(token: &str, journeys: &[JourneyView], show_values: bool) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head("GO sandbox console", token, "console.js", None))
            body.console {
                header {
                    h1 { "GO sandbox console" }
                    p.muted {
                        "Journeys, live instances and the sandbox's controls. Values are "
                        @if show_values { strong { "shown" } " (--show-values)." }
                        @else { strong { "redacted" } " (start with --show-values to see them)." }
                    }
                }
                main {
                    section #journeys {
                        h2 { "Start a journey" }
                        form #start-form {
                            label for="start-journey" { "Journey" }
                            select #start-journey name="resourceId" {
                                @for j in journeys {
                                    @for v in &j.versions {
                                        option value=(format!("{}@{}", j.resource_id, v.version)) {
                                            (j.name) " — " (j.resource_id) "@" (v.version)
                                        }
                                    }
                                }
                            }
                            label for="start-scenario" { "Scenario" }
                            select #start-scenario name="scenario" {
                                option value="" { "(none)" }
                            }
                            button #start type="submit" { "Start (page)" }
                            span #start-result role="status" {}
                        }
                    }
                    section #instances {
                        h2 { "Instances" }
                        p.muted #instances-empty { "No instance yet: start one above, or through the API." }
                        div #instance-list {}
                    }
                    section #catalogue {
                        h2 { "Published journeys" }
                        table #journey-table {
                            thead { tr { th { "Journey" } th { "Version" } th { "Interactions (collects)" } th { "Modules" } th { "Scenarios" } } }
                            tbody {
                                @for j in journeys {
                                    @for v in &j.versions {
                                        tr {
                                            td { span.name { (j.name) } br; code { (j.resource_id) } }
                                            td { (v.version) @if v.version == j.latest { " (latest)" } }
                                            td {
                                                ol {
                                                    @for i in &v.interactions {
                                                        li {
                                                            strong { (i.name) } ": "
                                                            @for (n, c) in i.collects.iter().enumerate() {
                                                                @if n > 0 { ", " }
                                                                code { (c.element) } " (" (c.spec.as_str()) ")"
                                                            }
                                                        }
                                                    }
                                                }
                                            }
                                            td {
                                                @for m in &v.modules {
                                                    div { (m.name) " → " (m.outcome) }
                                                }
                                            }
                                            td {
                                                @for s in &j.scenarios { div { code { (s) } } }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    section #controls {
                        h2 { "Sandbox" }
                        div.control {
                            h3 { "Clock" }
                            p { "Now: " span #clock {} }
                            form #clock-form {
                                label for="advance" { "Advance by (s)" }
                                input #advance type="number" min="0" value="60";
                                button type="submit" { "Advance" }
                            }
                        }
                        div.control {
                            h3 { "Faults" }
                            pre #faults {}
                            form #fault-form {
                                label for="fault-rule" { "Rule" }
                                input #fault-rule type="text" placeholder="*:500=0.5";
                                button type="submit" { "Add" }
                                button #faults-clear type="button" { "Clear" }
                            }
                        }
                        div.control {
                            h3 { "Counters" }
                            pre #counters {}
                            button #counters-reset type="button" { "Reset" }
                        }
                    }
                }
                p #error role="alert" {}
            }
        }
    }
}

/// The hosted end-user page of instance `id`; `page.js` renders its current
/// interaction from the schema.
pub(crate) fn end_user(token: &str, id: &str, exists: bool) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head("Identity verification", token, "page.js", Some(id)))
            body.page {
                header {
                    h1 #journey-name { "Identity verification" }
                    p.muted { "GO sandbox — hosted journey page" }
                }
                main {
                    @if exists {
                        p #notice role="status" {}
                        form #interaction-form novalidate {
                            h2 #interaction-name {}
                            div #fields {}
                            ul #form-errors role="alert" {}
                            button #submit type="submit" { "Continue" }
                        }
                        section #typed {
                            h2 { "What you entered" }
                            dl #typed-list {}
                        }
                    } @else {
                        p role="alert" { "No such journey: it ended or was deleted." }
                    }
                }
            }
        }
    }
}
