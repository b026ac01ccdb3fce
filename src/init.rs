//! `kooship init`: a commented starter manifest for one billing mode.

use crate::model::Billing;

const HEADER: &str = r#"# yaml-language-server: $schema=https://github.com/kooship/kooship/raw/main/schemas/kooship.schema.json
#
# kooship manifest: your KooGallery SaaS release, field by field as the Seller Console's
# release form asks for it. Every value you must supply is a placeholder (`TODO…` or
# `<…>`): `kooship lint` lists each one (MAN012) until you have written it.
# `kooship explain CODE` tells what a finding means; `kooship checklist` prints the release
# checklist once the manifest is clean.
format: 1

product:
  name: <your product name>     # listing name, 1–80 characters, no price or version
  version: 1.0.0                 # listed as V1.0.0; raise it with every release
  public: false                  # must stay false on the first release
  currency: USD
  logo: <path/to/logo.png>      # a 120×120 px PNG, relative to this file

delivery:
  method: saas
  access_guide: 2                # SaaS Access Guide V2.0, required for new products
  service_supervision:
    # true when provisioning happens after a request or takes time. This choice cannot be
    # changed after the first release.
    enabled: false
    # service_flow: Standard delivery          # required when enabled
    # delivery_template: delivery/template.xlsx # required when enabled

production_api:
  # Your debugged production API URL: a public domain name, never an IP address. The
  # example.com host below is reserved and reported (API012) until you replace it.
  url: https://koogallery.example.com/api/v2
  hosting: huawei_cloud_ecs      # KooGallery requires a Huawei Cloud (International) ECS
  tls_versions: [tls1_2]         # SSL 2/3 and TLS 1.0 must be off
  # Debugging cases run and saved in the Seller Console (Application Tools). KooGallery
  # replays them against the URL at review.
"#;

const MIDDLE: &str = r#"
# extension_parameters:          # at most three
#   - name: emailDomainName
#     type: default
#     debugged: true

# provisioning_info: [email]     # buyer data passed on subscription
# sensitive_info_encryption: AES256_CBC_PKCS5Padding   # required for email, mobile_phone

security_scan:
  report: TODO-SCAN-REPORT-ID    # the passed vulnerability scan or SaaS asset ID
  # exception: why no scan applies (no website or portal), at least 20 characters

specifications:
  # The zero-price test specification of the first release; KooGallery removes it after
  # the release test. Yearly/monthly, price 0, trial of 3 days.
  - code: release-test
    name: Release test
    test: true
    billing: yearly_monthly
    periods: [month]
    trial_days: 3
    pricing:
      template: simple
      price: { month: 0 }
"#;

const YEARLY_MONTHLY: &str = r#"
  - code: standard               # stable identifier, [a-z0-9-], at most 32 characters
    name: Standard               # name shown to buyers
    billing: yearly_monthly
    periods: [month, year]
    # trial_days: 14             # 1–30; cannot be changed or removed once released
    pricing:
      template: simple
      price: { month: TODO, year: TODO }   # your prices, e.g. { month: 29, year: 290 }
"#;

const ONE_TIME: &str = r#"
  - code: standard               # stable identifier, [a-z0-9-], at most 32 characters
    name: Standard               # name shown to buyers
    billing: one_time
    pricing:
      template: simple
      price: TODO                # your price, e.g. 490
"#;

const PAY_PER_USE: &str = r#"
  - code: usage                  # stable identifier, [a-z0-9-], at most 32 characters
    name: Pay as you go          # name shown to buyers
    billing: pay_per_use
    pricing:
      template: pay_per_use
      factors:
        - name: api_calls        # your billing factor
          unit: 1k calls
          cycle: hourly
          mode: fixed
          price: TODO            # per unit, up to 4 decimals, e.g. 0.05
      # packages:                # prepaid quotas
      #   - code: starter
      #     name: Starter 100k calls
      #     kind: package
      #     quota: 100
      #     factor: api_calls
      #     price: 4.50
      #     validity: month
"#;

/// The starter manifest for a billing mode.
pub fn starter(billing: Billing) -> String {
    let (cases, spec) = match billing {
        Billing::YearlyMonthly => (
            "[newInstance, queryInstance, refreshInstance, updateInstanceStatus, releaseInstance]",
            YEARLY_MONTHLY,
        ),
        Billing::OneTime => (
            "[newInstance, queryInstance, refreshInstance, updateInstanceStatus, releaseInstance]",
            ONE_TIME,
        ),
        Billing::PayPerUse => (
            "[newInstance, queryInstance, refreshInstance, updateInstanceStatus, releaseInstance, usagePush]",
            PAY_PER_USE,
        ),
    };
    format!("{HEADER}  debugged_cases: {cases}\n{MIDDLE}{spec}")
}
