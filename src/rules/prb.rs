//! PRB — the live endpoint, as `kooship probe` sees it. These rules are
//! reported by `probe` (src/probe/), never by `lint`; they live in the catalog like every
//! other rule so that `rules`, `explain`, `docs/rules.md`, SARIF and the lint settings know
//! them.

use super::{Area, Context, Docs, Origin, Rule};
use crate::finding::{Finding, Severity};

pub static AREA: Area = Area {
    prefix: "PRB",
    title: "The live endpoint (`kooship probe`)",
    rules: &[
        &PRB001, &PRB002, &PRB003, &PRB004, &PRB005, &PRB006, &PRB007, &PRB008, &PRB009, &PRB010,
        &PRB011, &PRB012, &PRB013, &PRB014, &PRB015, &PRB016, &PRB017, &PRB018, &PRB019, &PRB020,
        &PRB021, &PRB022, &PRB023,
    ],
    check,
};

/// `lint` reads the manifest only; these rules need the server, and `kooship probe`
/// (src/probe/) reports them.
fn check(_: &Context, _: &mut Vec<Finding>) {}

/// Whether `rule` is one of the PRB rules (reported by `probe` only).
pub fn is_probe_rule(rule: &Rule) -> bool {
    AREA.rules.iter().any(|r| r.code == rule.code)
}

pub static PRB001: Rule = Rule {
    code: "PRB001",
    name: "host-unresolvable",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "The URL's host name does not resolve.",
    docs: Docs {
        what: "That the host of `production_api.url` (or of `--url`) resolves to at least one \
               address, through the system's resolver (which honours `/etc/hosts`) or a \
               matching `--resolve`, within `--timeout-ms`. A name under `.invalid` never \
               resolves (RFC 6761) and is not looked up. Nothing else is probed after this \
               finding.",
        why: "KooGallery calls the production URL for every order; a name without a DNS \
              record fails the submission replay at once, and on a product already on sale \
              every order and every twice-daily dial test fails.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # no DNS record yet\n",
        fix: "Create the DNS record (an A or AAAA record pointing at the ECS or its load \
              balancer) and wait for it to propagate, or correct a typo in the URL. To probe a \
              server before its name is public, use `--resolve HOST:443:ADDRESS`.",
        source: "Releasing SaaS (the production system API URL is a domain name KooGallery calls).",
    },
};

pub static PRB002: Rule = Rule {
    code: "PRB002",
    name: "endpoint-unreachable",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "No connection (refused, reset, timeout), or an https URL whose server does not speak TLS.",
    docs: Docs {
        what: "That a TCP connection opens to the host's port within `--timeout-ms` (each \
               resolved address is tried; when none opens, nothing else is probed), and that an \
               `https://` URL's server answers a TLS ClientHello with TLS (not, for instance, \
               with an HTTP error page because the port serves plain HTTP). A certificate check \
               whose handshake fails for another reason than the certificate is reported here \
               too.",
        why: "KooGallery's calls come from the Internet to the URL as registered; a closed \
              port, a firewall that drops KooGallery's address range, or a port that serves \
              plain HTTP where `https://` is registered make every call fail, which refuses the \
              release and, once on sale, freezes the product after five days of failed dial \
              tests.",
        example: "production_api:\n  url: https://market.acme-insight.example.com:8443/koogallery   # port 8443 is closed\n",
        fix: "Open the port in the ECS security group and the host firewall, make sure the \
              server listens on it, and serve TLS on the `https://` port (or correct the port in \
              the URL).",
        source: "Releasing SaaS (production system API URL); Access Guide V2.0, Interface Requirements (HTTPS).",
    },
};

pub static PRB003: Rule = Rule {
    code: "PRB003",
    name: "legacy-tls-accepted",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "SSL 3.0 or TLS 1.0 is accepted (one finding per version).",
    docs: Docs {
        what: "For SSL 3.0 and TLS 1.0, a ClientHello offering only that version (built by \
               kooship byte by byte, with SNI, so the machine's TLS library does not matter) is \
               sent to every resolved address. A version is accepted when the server answers \
               with a ServerHello of that same version and a cipher suite that was offered; one \
               finding per accepted version, naming the addresses.",
        why: "KooGallery requires SSL and TLS 1.0 to be disabled on the production endpoint; \
              both are broken protocols, and the security review refuses endpoints that still \
              negotiate them, whatever `tls_versions` declares.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # nginx: ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n  tls_versions: [tls1_2]\n",
        fix: "Disable the old protocols on every server and load balancer behind the name \
              (nginx: `ssl_protocols TLSv1.2 TLSv1.3;`; Huawei Cloud ELB: a TLS security policy \
              without TLS 1.0), then run `kooship probe` again.",
        source: "Releasing SaaS (SSL and TLS 1.0 must be off).",
    },
};

pub static PRB004: Rule = Rule {
    code: "PRB004",
    name: "tls11-accepted",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Doc,
    summary: "TLS 1.1 is accepted (the EU and Chinese guides require 1.2 or later).",
    docs: Docs {
        what: "As PRB003, for TLS 1.1: a ServerHello of TLS 1.1 with an offered suite, from any \
               resolved address.",
        why: "The international release form still accepts TLS 1.1, but the EU and mainland \
              access guides require TLS 1.2 or later, and RFC 8996 deprecates TLS 1.1; \
              security scans report it.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # still offers TLS 1.1\n  tls_versions: [tls1_1, tls1_2]\n",
        fix: "Disable TLS 1.1 on the endpoint (nginx: `ssl_protocols TLSv1.2 TLSv1.3;`) and \
              remove `tls1_1` from `tls_versions`.",
        source: "EU access guide, Preparations (TLS 1.2 or later); mainland Interface Requirements; RFC 8996.",
    },
};

pub static PRB005: Rule = Rule {
    code: "PRB005",
    name: "tls12-refused",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::SeedDoc,
    summary: "TLS 1.2 is refused.",
    docs: Docs {
        what: "That every resolved address answers a TLS 1.2 ClientHello with a TLS 1.2 \
               ServerHello. An alert, a reset, a closed connection or a ServerHello of another \
               version counts as refused (the finding names the answer); no answer at all is \
               PRB007 instead.",
        why: "TLS 1.2 is the version every KooGallery guide names; its callers are not \
              documented to speak TLS 1.3, so an endpoint that only offers 1.3 (or only older \
              versions) may fail every call.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # nginx: ssl_protocols TLSv1.3;\n  tls_versions: [tls1_3]\n",
        fix: "Enable TLS 1.2 beside 1.3 (nginx: `ssl_protocols TLSv1.2 TLSv1.3;`) on every \
              server behind the name.",
        source: "Releasing SaaS (TLS 1.1 or 1.2); EU access guide and mainland Interface Requirements (TLS 1.2 or later).",
    },
};

pub static PRB006: Rule = Rule {
    code: "PRB006",
    name: "tls-declared-mismatch",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "The accepted set of SSL 3.0–TLS 1.3 differs from `tls_versions` (both sets named). Not reported for a version that is inconclusive.",
    docs: Docs {
        what: "The set of versions from SSL 3.0 to TLS 1.3 the server accepts, against the set \
               `production_api.tls_versions` declares (`ssl2` is not probed and is compared as if \
               absent). A version that got no answer (PRB007) is left out of both sets.",
        why: "`tls_versions` is what the release form declares to KooGallery, and the security \
              review compares it with the server; a declaration that does not match the \
              server is either a misconfigured server or a wrong form, and either is refused.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # also accepts TLS 1.3\n  tls_versions: [tls1_2]\n",
        fix: "Make the two agree: change the server (preferred when it accepts something it \
              should not) or list exactly the versions it accepts in `tls_versions`.",
        source: "Releasing SaaS (TLS versions declared on the release form).",
    },
};

pub static PRB007: Rule = Rule {
    code: "PRB007",
    name: "tls-inconclusive",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Practice,
    summary: "A version got no answer twice.",
    docs: Docs {
        what: "A ClientHello that got no answer within `--timeout-ms`, and neither did the \
               second, minimal hello sent to check: the version is neither accepted nor refused. \
               One finding per version, naming the addresses. The version is left out of PRB006.",
        why: "A server (or a firewall in front of it) that swallows a hello instead of \
              refusing it leaves the version's state unknown: a legacy version might still be \
              on, and KooGallery's scanner may see it differently. A timeout is never counted as \
              \"off\".",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # a WAF drops SSL 3.0 hellos silently\n",
        fix: "Make the server or its firewall refuse unsupported versions with an alert (or a \
              reset) rather than silence; check with `openssl s_client -connect HOST:443 -tls1` \
              from outside the firewall.",
        source: "kooship's own check (TLS scanners report timeouts as unknown, never as off).",
    },
};

pub static PRB008: Rule = Rule {
    code: "PRB008",
    name: "certificate-untrusted",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "The chain does not verify, the name does not match, or the certificate is expired or not yet valid (the reason named).",
    docs: Docs {
        what: "One real TLS 1.2/1.3 handshake (rustls) with full verification: the chain the \
               server sends must lead to a root of Mozilla's list (webpki-roots) or of \
               `--ca-file`, the certificate must name the URL's host, and today must lie within \
               its validity dates. The reason is named (unknown issuer, often a missing \
               intermediate; wrong name; expired; not yet valid). The interface calls are then \
               skipped, as KooGallery's own calls would fail. `--ca-file` adds a staging CA; a \
               certificate only it makes trusted passes, and the report says which anchor was \
               used.",
        why: "KooGallery requires a certificate issued by a trusted authority; its calls verify \
              the chain and fail on a self-signed, incomplete, expired or mismatched \
              certificate, so every order fails.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # self-signed certificate\n",
        fix: "Install a certificate from a public CA for the host name (with the full chain: \
              the server must send the intermediates), and renew it before it expires.",
        source: "EU access guide, Preparations, and mainland Interface Requirements (a certificate issued by a trusted authority).",
    },
};

pub static PRB009: Rule = Rule {
    code: "PRB009",
    name: "certificate-expiring",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Inferred,
    summary: "The certificate expires within 30 days.",
    docs: Docs {
        what: "That the server's certificate is valid for at least 30 more days (its \
               `notAfter` against the clock). An expired certificate is PRB008's.",
        why: "A certificate that expires fails every KooGallery call from that moment: orders \
              fail, and five days of failed dial tests freeze the product and hide it. Thirty \
              days leave time for a renewal that needs a human.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # certificate valid until next week\n",
        fix: "Renew the certificate now, and automate renewal (ACME, or the cloud's certificate \
              manager); run `kooship probe` on a schedule to see the date move.",
        source: "Inferred from the certificate requirement and the dial-test rules (mainland API Description).",
    },
};

pub static PRB010: Rule = Rule {
    code: "PRB010",
    name: "interface-timeout",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "No complete response within `--timeout-ms`.",
    docs: Docs {
        what: "That every signed call gets a complete HTTP response (headers and body) within \
               `--timeout-ms` (default 5000, KooGallery's timeout). A connection that is reset or \
               closed before the response is complete, or an answer that is not HTTP, is \
               reported here too, with what happened.",
        why: "KooGallery waits 5 seconds for each call; a slower answer counts as a failure, \
              fails the submission replay, and on a product on sale fails orders and dial \
              tests. Long provisioning must answer at once and finish asynchronously.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # newInstance provisions for 20 s before it answers\n",
        fix: "Answer within the timeout: for slow provisioning, return `000004` from \
              `newInstance` at once and provision in the background, answering `queryInstance` \
              when the instance is ready.",
        source: "Access Guide V2.0, Interface Requirements (request timeout 5 s); Creating an Instance (do not block).",
    },
};

pub static PRB011: Rule = Rule {
    code: "PRB011",
    name: "interface-slow",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Inferred,
    summary: "A response took more than 60 % of `--timeout-ms`.",
    docs: Docs {
        what: "The time from sending a call to having its whole response, against 60 % of \
               `--timeout-ms` (3 s of the default 5 s). One finding per slow call.",
        why: "A call that takes most of KooGallery's 5 s budget from a nearby network will \
              take longer from KooGallery's, or under load, and then fail.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # queryInstance takes 4 s\n",
        fix: "Find what the slow call waits for (a database query, a call to another service, \
              a cold start) and move it off the request path.",
        source: "Inferred from Access Guide V2.0, Interface Requirements (request timeout 5 s).",
    },
};

pub static PRB012: Rule = Rule {
    code: "PRB012",
    name: "response-not-json",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "The body is not a UTF-8 JSON object.",
    docs: Docs {
        what: "That each response body is UTF-8 and parses as one JSON object, within the 1 MiB \
               that kooship reads of any response.",
        why: "KooGallery parses the body to read `resultCode`; a body it cannot parse fails the \
              call (\"Parse response body failed\"), even with HTTP status 200.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # answers an HTML error page\n",
        fix: "Answer every activity with a JSON object (`Content-Type: application/json`) \
              such as `{\"resultCode\":\"000000\",\"resultMsg\":\"success.\"}`, also on errors.",
        source: "Access Guide FAQ (Parse response body failed); Access Guide V2.0 (JSON, UTF-8).",
    },
};

pub static PRB013: Rule = Rule {
    code: "PRB013",
    name: "result-code-failure",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "`resultCode` is not a success for that call (code and `resultMsg` quoted).",
    docs: Docs {
        what: "The `resultCode` of each call against its success: `000000`, and for \
               `newInstance` also `000004` (provisioning asynchronously). The code and \
               `resultMsg` are quoted. An authentication failure (`000001`) on the first \
               `newInstance` is PRB018's instead.",
        why: "KooGallery counts any other code as a failed call: the debugging case fails, the \
              submission replay refuses the release, and a dial test counts a failing day.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # releaseInstance answers 000005 for test requests\n",
        fix: "Make the activity succeed for debugging requests (`testFlag` \"1\"): they carry \
              KooGallery's mock order IDs and must not touch real orders, but must answer \
              `000000`.",
        source: "Access Guide V2.0, Result Codes; Interface Debugging.",
    },
};

pub static PRB014: Rule = Rule {
    code: "PRB014",
    name: "response-field",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "A required response field is missing, has the wrong JSON type, or is longer than the guide allows (field named).",
    docs: Docs {
        what: "The response fields against the guide's tables: `resultCode` a string of at \
               most 6 characters, `resultMsg` (when present) at most 255; `newInstance`'s \
               `instanceId` present, at most 64; `queryInstance`'s `info` holding the instance \
               with `appInfo.frontEndUrl` (at most 512), `adminUrl` at most 512, `userName` and \
               `password` at most 128, `memo` at most 1024, and each `usageInfo` entry with \
               `usageValue` and `statisticalTime`. Lengths count characters.",
        why: "KooGallery stores and shows these fields (the buyer's access address and \
              account); a missing or over-long field fails the call, and an instance without \
              `frontEndUrl` cannot be delivered.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # queryInstance answers without appInfo.frontEndUrl\n",
        fix: "Return the fields the guide requires, as strings within their lengths; shorten \
              or restructure what does not fit (a long memo, a long URL).",
        source: "Access Guide V2.0, Creating an Instance and Querying Instance Information (response tables).",
    },
};

pub static PRB015: Rule = Rule {
    code: "PRB015",
    name: "not-idempotent",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "The repeated `newInstance` returned another `instanceId`.",
    docs: Docs {
        what: "`newInstance` sent twice for the same order (`orderId`, `orderLineId`) with a \
               new `businessId`, as KooGallery does when it resends: both answers must carry \
               the same `instanceId`.",
        why: "KooGallery may resend a subscription; the guide requires the same `instanceId` \
              for the same order without creating a second instance. A server that creates \
              one per request bills the buyer for one instance and runs two.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # newInstance keys instances by businessId\n",
        fix: "Key instances by `orderId` + `orderLineId` (pay-per-use: `orderId` + product): \
              on a repeat, return the instance created the first time (the guide suggests the \
              first call's `businessId` as `instanceId`).",
        source: "Access Guide V2.0, Creating an Instance (same order, same instanceId; KooGallery may resend).",
    },
};

pub static PRB016: Rule = Rule {
    code: "PRB016",
    name: "signature-not-verified",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "A request signed with a wrong key was answered `000000`.",
    docs: Docs {
        what: "One `newInstance` (order `KOOSHIPPROBE-NEGATIVE`) signed with a key that is not \
               the seller's: the server must not answer it as a success (`000000`, or `000004` \
               for asynchronous provisioning).",
        why: "The signature is the only thing that tells KooGallery's calls from anyone \
              else's; a server that does not verify it lets anyone create, renew, freeze or \
              release instances.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # signature never checked\n",
        fix: "Verify every request as the guide describes (HMAC-SHA256 with the access key over \
              key, nonce, timestamp and the body's HMAC) and answer `000001` when it does not \
              match.",
        source: "Access Guide V2.0, HTTP Body Signature.",
    },
};

pub static PRB017: Rule = Rule {
    code: "PRB017",
    name: "stale-timestamp-accepted",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Doc,
    summary: "A request 10 minutes old was answered `000000` (the guide asks for a 60 s window).",
    docs: Docs {
        what: "One `newInstance` (order `KOOSHIPPROBE-NEGATIVE`), correctly signed but with a \
               `timestamp` 10 minutes in the past: the server should refuse it.",
        why: "The guide asks sellers to refuse requests whose timestamp is more than 60 seconds \
              from now, so that a captured request cannot be replayed later.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # timestamp never compared with the clock\n",
        fix: "Compare `timestamp` (milliseconds) with the server's clock and refuse requests \
              more than 60 s old; keep the server's clock synchronised (NTP).",
        source: "Access Guide V2.0, HTTP Body Signature (timestamp within 60 s).",
    },
};

pub static PRB018: Rule = Rule {
    code: "PRB018",
    name: "signature-rejected",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "Correctly signed requests get `000001`; the message names the variant the server accepts, if any.",
    docs: Docs {
        what: "The first `newInstance`, signed exactly as KooGallery signs (milliseconds, keys \
               sorted A→Z, upper-case hex), answered `000001` (authentication failed). kooship \
               then tries, once each, the usual misreadings of the guide: the key \
               Base64-decoded (or encoded), the timestamp in seconds, the body's keys sorted \
               Z→A, and a lower-case signature; the message names the first one the server \
               accepts. Reported instead of PRB013 for that answer.",
        why: "KooGallery signs every call the same way; a server that verifies another way \
              rejects all of them, and no debugging case can pass. The guide's translations \
              disagree (seconds or milliseconds, A→Z or Z→A), so sellers often implement the \
              wrong one.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # compares timestamp as seconds\n",
        fix: "Verify as KooGallery signs: `timestamp` in milliseconds (13 digits), body keys \
              sorted A→Z, compare the signature case-insensitively, and use the key bound to \
              the basic interface (Base64-decode it first only if the EU console told you to, \
              then give `--key-base64`).",
        source: "Access Guide V2.0, HTTP Body Signature; Huawei's V2 demo (verifySignature).",
    },
};

pub static PRB019: Rule = Rule {
    code: "PRB019",
    name: "http-status",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Inferred,
    summary: "A response status other than 200.",
    docs: Docs {
        what: "The HTTP status of each response. Anything but 200 is reported; the body still \
               decides whether the call passed. Redirects are not followed.",
        why: "The guide names no status code and KooGallery reads the body, but Huawei's demo \
              answers every call with 200, and a proxy or gateway that turns errors into 4xx or \
              5xx pages (or a redirect to a login page) often hides a body KooGallery can read.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # answers 500 with a resultCode\n",
        fix: "Answer 200 with the result in `resultCode`, for failures too; make sure no proxy \
              in front redirects or rewrites the answers.",
        source: "Inferred from Access Guide V2.0 (result codes in the body) and Huawei's V2 demo.",
    },
};

pub static PRB020: Rule = Rule {
    code: "PRB020",
    name: "plain-http",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Doc,
    summary: "The URL is `http://` (KooGallery's guides require HTTPS).",
    docs: Docs {
        what: "The scheme of the probed URL. With `http://` the TLS and certificate checks are \
               skipped and the calls are made over plain HTTP.",
        why: "The access guides require HTTPS (the mainland guide: on port 443); over plain \
              HTTP the signed calls and the instance data travel unprotected, and the release \
              form's TLS declaration cannot apply.",
        example: "production_api:\n  url: http://market.acme-insight.example.com/koogallery\n",
        fix: "Serve the endpoint over HTTPS with a certificate from a public CA, debug the \
              `https://` address in the Seller Console, and write it in the manifest.",
        source: "EU access guide, Preparations (HTTPS only); mainland Interface Requirements (HTTPS, port 443).",
    },
};

pub static PRB021: Rule = Rule {
    code: "PRB021",
    name: "async-never-ready",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::DocInferred,
    summary: "After `000004`, `queryInstance` never returned the instance within 30 s (points at the `queryInstance` item).",
    docs: Docs {
        what: "After `newInstance` answered `000004` (provisioning asynchronously), \
               `queryInstance` is asked every 2 seconds for up to 30 seconds; it must return the \
               instance with `appInfo.frontEndUrl` within that time.",
        why: "After an asynchronous `newInstance`, KooGallery polls `queryInstance` until the \
              instance information comes back, and shows it to the buyer; an instance that never \
              becomes ready is an order that is never delivered.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # debugging instances are never marked ready\n",
        fix: "Finish provisioning (for debugging requests, at once) and answer `queryInstance` \
              with the instance's `appInfo` once it is ready.",
        source: "Mainland API Description (KooGallery polls queryInstance after newInstance); Creating an Instance (000004). The 2 s and 30 s are kooship's.",
    },
};

pub static PRB022: Rule = Rule {
    code: "PRB022",
    name: "no-access-key",
    severity: Severity::Info,
    waivable: true,
    origin: Origin::Practice,
    summary: "No key given: interfaces not probed.",
    docs: Docs {
        what: "Whether an access key was given (`KOOSHIP_ACCESS_KEY`, or `--key-file`). \
               Without one, only the transport is checked. Not reported with \
               `--transport-only`.",
        why: "Most review failures are in the interfaces (signature, idempotency, fields), and \
              they cannot be checked without the key KooGallery signs with.",
        example: "production_api:\n  url: https://market.acme-insight.example.com/koogallery   # probed without KOOSHIP_ACCESS_KEY\n",
        fix: "Give the key bound to the basic interface (Seller Console > Application Tools > \
              Key Management) in `KOOSHIP_ACCESS_KEY` or a file named by `--key-file`; in CI, \
              from a secret. Use `--transport-only` to check the transport on purpose.",
        source: "kooship's own check.",
    },
};

pub static PRB023: Rule = Rule {
    code: "PRB023",
    name: "host-is-ip",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "The URL's host is an IP address.",
    docs: Docs {
        what: "The host of the probed URL. An IPv4 or IPv6 address is reported and nothing \
               else is probed.",
        why: "KooGallery requires a domain name for the production system API URL, never an IP \
              address: the certificate, SNI and the address's stability all hang on the name.",
        example: "production_api:\n  url: https://203.0.113.10/koogallery\n",
        fix: "Give the server a domain name, use it in the URL, and debug that address in the \
              Seller Console; `--resolve NAME:443:ADDRESS` probes it before DNS is ready.",
        source: "Releasing SaaS (the production system API URL uses a domain name, not an IP address).",
    },
};
