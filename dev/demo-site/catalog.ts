/**
 * What the demo site is about: the initiatives, epics and work items of ACME ("Acme Checkout"),
 * MOB ("Acme Mobile App") and OPS ("Platform Ops"). Plain data; generate.ts turns it into Jira
 * responses.
 *
 * Work item summaries start with their type: "S:" story, "T:" task, "B:" bug.
 */

export type BoardName = 'core' | 'payments' | 'mobile';
export type WorkStatus = 'todo' | 'progress' | 'review' | 'done';

export interface InitiativeSpec {
  ref: string;
  summary: string;
  status: WorkStatus;
  created: string;
  updated: string;
  due: string | null;
}

export interface EpicSpec {
  ref: string;
  summary: string;
  initiative: string | null;
  status: WorkStatus;
  created: string;
  /** Open epics: when they were last touched. Done epics: computed from their children. */
  updated: string | null;
  due: string | null;
  /** Sprints the epic's work runs in: board and sprint numbers; 'A' is the active sprint, 'F' the next one. */
  board: BoardName | null;
  from: number;
  to: number | 'A' | 'F';
  /**
   * Work items, in the order they are done: first those done in closed sprints, then `current`
   * items in the active sprint, `upcoming` items in the next sprint and `backlog` items in no sprint.
   */
  items: string[];
  current: number;
  upcoming: number;
  backlog: number;
}

export const INITIATIVES: InitiativeSpec[] = [
  { ref: 'I5', summary: 'Mobile checkout redesign', status: 'done', created: '2025-05-12', updated: '2026-02-20', due: '2026-03-31' },
  { ref: 'I1', summary: 'Frictionless one-page checkout', status: 'progress', created: '2025-06-02', updated: '2026-11-05', due: '2027-03-31' },
  { ref: 'I3', summary: 'PCI DSS 4.0 compliance and checkout reliability', status: 'progress', created: '2025-07-14', updated: '2026-09-15', due: '2027-06-30' },
  { ref: 'I4', summary: 'Checkout conversion analytics', status: 'todo', created: '2025-08-04', updated: '2025-09-12', due: null },
  { ref: 'I2', summary: 'Expand payment methods across EU markets', status: 'progress', created: '2025-09-22', updated: '2026-10-20', due: '2026-09-30' },
];

export const EPICS: EpicSpec[] = [
  {
    ref: 'E1', summary: 'Responsive checkout layout', initiative: 'I5', status: 'done', created: '2025-10-20', updated: null, due: '2025-12-19',
    board: 'core', from: 1, to: 3, current: 0, upcoming: 0, backlog: 0,
    items: [
      'S:Collapse order summary into an accordion on small screens',
      'S:Sticky "Place order" button on mobile',
      'S:Responsive grid for shipping method cards',
      'B:Payment step overflows horizontally on 320px screens',
      'S:Touch-friendly quantity steppers in the basket',
      'S:Larger tap targets for checkout form fields (WCAG 2.5.5)',
      'T:Visual regression tests for checkout breakpoints',
      'B:Keyboard covers the promo code field on Android Chrome',
    ],
  },
  {
    ref: 'E2', summary: 'Mobile address autocomplete', initiative: 'I5', status: 'done', created: '2025-10-27', updated: null, due: '2026-01-30',
    board: 'core', from: 2, to: 5, current: 0, upcoming: 0, backlog: 0,
    items: [
      'S:Integrate Loqate address lookup API',
      'S:Autocomplete dropdown for street address on mobile',
      'S:"Enter address manually" fallback link',
      'S:Postcode-first lookup for UK addresses',
      'T:Rate-limit and cache address lookup requests',
      'B:Autocomplete picks the wrong flat number in multi-unit buildings',
      'S:Track address lookup usage in analytics',
    ],
  },
  {
    ref: 'E11', summary: '3-D Secure 2 (SCA) flows', initiative: 'I3', status: 'done', created: '2025-10-06', updated: null, due: '2026-03-31',
    board: 'core', from: 1, to: 9, current: 0, upcoming: 0, backlog: 0,
    items: [
      'S:Frictionless 3DS2 flow via Stripe PaymentIntents',
      'S:3DS challenge flow in a modal iframe',
      'S:Send extended browser data for 3DS2 risk scoring',
      'S:Retry soft declines with SCA',
      'S:Low-value exemption for transactions under €30',
      'T:Log 3DS outcome codes to the payment audit table',
      'B:Challenge iframe stays blank in Safari private mode',
      'S:Merchant-initiated transactions for subscriptions',
      'T:Update the PSD2 SCA test matrix',
      'B:Duplicate order created when the 3DS challenge page is refreshed',
      'S:Clear error when the card issuer rejects authentication',
      'T:Dashboard of 3DS challenge rate by issuer',
    ],
  },
  {
    ref: 'E7', summary: 'Apple Pay and Google Pay', initiative: 'I2', status: 'done', created: '2025-12-08', updated: null, due: '2026-05-29',
    board: 'core', from: 5, to: 12, current: 0, upcoming: 0, backlog: 0,
    items: [
      'S:Apple Pay button on the basket page',
      'T:Register and verify the Apple Pay merchant domain',
      'S:Apple Pay on the payment step',
      'S:Google Pay button on the basket page',
      'S:Google Pay on the payment step',
      'S:Pass the wallet shipping contact into the order',
      'S:Update shipping costs when the wallet address changes',
      'B:Apple Pay sheet shows the net price instead of gross',
      'S:Show saved cards in the payment step',
      'T:Feature flag for wallet buttons per market',
      'B:Google Pay fails for AMEX cards in test mode',
      'S:Wallet payments in the order confirmation email',
    ],
  },
  {
    ref: 'E3', summary: 'Guest checkout', initiative: 'I1', status: 'done', created: '2026-02-23', updated: null, due: '2026-06-30',
    board: 'core', from: 9, to: 15, current: 0, upcoming: 0, backlog: 0,
    items: [
      'S:Check out as a guest without creating an account',
      'S:Offer account creation on the confirmation page',
      'S:Guest order lookup by email and order number',
      'S:Merge guest orders when the customer registers later',
      'T:Captcha on guest checkout to stop card testing',
      'B:Guest email field accepts addresses with trailing spaces',
      'S:Remember the guest email on the device for 30 days',
      'S:Guest checkout toggle per market in admin',
      'B:Guest confirmation email misses order lines for bundles',
      'T:A/B test: guest checkout as the default',
      'S:Marketing consent checkbox for guests',
      'B:Guest order lookup is case-sensitive',
    ],
  },
  {
    ref: 'E12', summary: 'PCI DSS 4.0 payment page script inventory', initiative: 'I3', status: 'progress', created: '2026-04-06', updated: '2026-11-19', due: '2026-12-18',
    board: 'core', from: 12, to: 'A', current: 2, upcoming: 0, backlog: 0,
    items: [
      'S:Inventory all scripts loaded on payment pages',
      'S:Subresource integrity hashes for third-party scripts',
      'T:Automated script change detection job',
      'S:Content Security Policy for checkout pages',
      'T:Remove the legacy jQuery plugin from the payment step',
      'S:Alert the security team on unauthorised script changes',
      'T:Document the justification of every payment page script',
      'B:Tag manager injects an unapproved script on the payment page',
      'S:Move card fields into hosted fields iframes',
      'T:Quarterly ASV scan remediation',
      'S:Tamper detection for payment page HTTP headers',
      'T:Evidence pack for PCI DSS 4.0 requirement 6.4.3',
      'S:Payment page script allow-list admin screen',
    ],
  },
  {
    ref: 'E4', summary: 'Single-page checkout flow', initiative: 'I1', status: 'progress', created: '2026-05-18', updated: '2026-11-18', due: '2027-01-29',
    board: 'core', from: 15, to: 'F', current: 2, upcoming: 2, backlog: 3,
    items: [
      'S:Single-page checkout layout behind a feature flag',
      'S:Inline shipping method selection',
      'S:Inline payment step without a page reload',
      'S:Progressive disclosure for the billing address',
      'S:Keep checkout state across page reloads',
      'T:Split the checkout bundle to cut JavaScript by 30%',
      'B:Back button loses the entered address in the single-page flow',
      'S:Order summary updates live when the basket changes',
      'S:Error summary at the top of the form (WCAG 3.3.1)',
      'T:Load test single-page checkout at 500 orders per minute',
      'S:Express checkout buttons above the fold',
      'B:Focus jumps to the top after choosing a shipping method',
      'S:Edit the basket without leaving checkout',
      'S:Remove the legacy multi-step checkout',
      'T:Migrate checkout end-to-end tests to Playwright',
      'S:Single-page checkout for B2B accounts',
    ],
  },
  {
    ref: 'E5', summary: 'Saved addresses and one-click reorder', initiative: 'I1', status: 'progress', created: '2026-07-20', updated: '2026-11-12', due: '2027-02-26',
    board: 'core', from: 18, to: 'F', current: 2, upcoming: 2, backlog: 2,
    items: [
      'S:Save several delivery addresses to the account',
      'S:Choose a default delivery address',
      'T:Address book API with pagination',
      'S:Address book in checkout for signed-in customers',
      'S:One-click reorder from order history',
      'B:Default address not preselected after signing in at checkout',
      'S:Nicknames for saved addresses (Home, Office)',
      'T:Migrate the legacy address table to the new schema',
      'S:Reorder skips items that are out of stock',
      'S:Edit and delete saved addresses',
      'S:Reorder from the confirmation email',
      'S:Suggest the last-used address for gift orders',
    ],
  },
  {
    ref: 'E15', summary: 'Gift cards and store credit', initiative: null, status: 'progress', created: '2026-08-24', updated: '2026-11-10', due: null,
    board: 'core', from: 20, to: 'A', current: 1, upcoming: 0, backlog: 2,
    items: [
      'T:Gift card provider API client (Givex)',
      'S:Redeem a gift card in the payment step',
      'S:Split payment between gift card and card',
      'B:Gift card PIN field accepts letters',
      'S:Store credit balance in the account',
      'S:Apply store credit automatically at checkout',
      'S:Refund gift card payments as store credit',
      'S:Physical gift card fulfilment',
    ],
  },
  {
    ref: 'E8', summary: 'iDEAL and Bancontact', initiative: 'I2', status: 'progress', created: '2026-05-04', updated: '2026-11-17', due: '2026-10-15',
    board: 'payments', from: 1, to: 'A', current: 2, upcoming: 0, backlog: 0,
    items: [
      'S:iDEAL bank selection in the payment step',
      'S:iDEAL redirect and return handling',
      'T:Webhook handler for asynchronous payment confirmation',
      'S:Bancontact card payments',
      'B:Order stays in "pending payment" when the customer closes the bank page',
      'S:Bancontact app payments (QR code and deep link)',
      'S:Show local payment methods by billing country',
      'T:Reconcile iDEAL settlements with the finance export',
      'S:Payment method logos and ordering per market',
      'B:iDEAL return URL drops UTM parameters',
      'T:Monitoring for local payment method success rates',
      'S:Refunds for iDEAL and Bancontact orders',
      'T:Bancontact test cards in the staging environment',
      'S:iDEAL payment status page for slow banks',
      'B:Wrong bank logo shown for ASN Bank',
      'T:Update the payments privacy notice for iDEAL',
      'B:Bancontact deep link fails on Android 15',
      'S:Migrate to iDEAL 2.0',
    ],
  },
  {
    ref: 'E9', summary: 'Klarna pay later', initiative: 'I2', status: 'progress', created: '2026-06-15', updated: '2026-11-04', due: '2027-03-26',
    board: 'payments', from: 4, to: 'F', current: 2, upcoming: 2, backlog: 2,
    items: [
      'S:Klarna "Pay in 30 days" in the payment step',
      'T:Klarna order management API integration',
      'S:Klarna on-site messaging on the product page',
      'S:Klarna eligibility check before offering the option',
      'T:Klarna sandbox credentials in Vault',
      'S:Capture Klarna payments on shipment',
      'B:Klarna widget shows the wrong currency for Swiss customers',
      'B:Klarna session expires when the delivery address changes',
      'S:Partial refunds for Klarna orders',
      'T:Import the Klarna settlement report',
      'S:Pay in 3 instalments (UK)',
      'S:Klarna payments in the order confirmation email',
      'S:Klarna for B2B invoices',
      'S:Klarna express checkout button',
    ],
  },
  {
    ref: 'E13', summary: 'Payment provider failover', initiative: 'I3', status: 'progress', created: '2026-08-10', updated: '2026-10-28', due: null,
    board: 'payments', from: 8, to: 'F', current: 1, upcoming: 1, backlog: 2,
    items: [
      'T:Health checks for payment providers',
      'T:Adyen merchant account for EU cards',
      'S:Route card payments to Adyen when Stripe is degraded',
      'S:Idempotency keys across payment providers',
      'T:Runbook for a manual provider switch',
      'B:Failover retries charge the card twice on timeout',
      'S:Failover status on the payments dashboard',
      'S:Payment provider per market in admin',
      'S:Automatic failback after the provider recovers',
      'T:Chaos test: payment provider outage',
    ],
  },
  {
    ref: 'E6', summary: 'Checkout performance budget', initiative: 'I1', status: 'todo', created: '2026-06-15', updated: '2026-10-02', due: '2026-10-31',
    board: null, from: 0, to: 0, current: 0, upcoming: 0, backlog: 5,
    items: [
      'S:Performance budget of 170 KB JavaScript for checkout',
      'T:Lighthouse CI on every checkout pull request',
      'S:Lazy-load wallet SDKs',
      'T:Real user monitoring for checkout LCP and INP',
      'S:Preconnect to payment provider domains',
    ],
  },
  {
    ref: 'E10', summary: 'Multi-currency pricing', initiative: 'I2', status: 'todo', created: '2026-03-09', updated: '2026-07-20', due: null,
    board: null, from: 0, to: 0, current: 0, upcoming: 0, backlog: 4,
    items: [
      'S:Display prices in the customer\'s local currency',
      'S:Currency selector in the header',
      'T:Daily FX rate feed from the ECB',
      'S:Charge in the presentment currency via Stripe',
    ],
  },
  {
    ref: 'E14', summary: 'Checkout funnel event tracking', initiative: 'I4', status: 'todo', created: '2025-08-20', updated: '2026-06-10', due: null,
    board: null, from: 0, to: 0, current: 0, upcoming: 0, backlog: 3,
    items: [
      'T:Define the checkout funnel event schema',
      'S:Send checkout step events to Segment',
      'S:Funnel drop-off dashboard in Looker',
    ],
  },
];

/** Bugs found along the way, fixed in the sprint they were found in, under the epic then in flight. */
export const SPRINT_BUGS: string[] = [
  'Order total rounding differs by one cent between basket and confirmation',
  'Promo code is removed when the shipping country changes',
  'Checkout spinner never stops after a network timeout',
  'VAT number field rejects valid Irish numbers',
  'Delivery date estimate shows a Sunday for DPD',
  'Shipping method resets after editing the basket',
  'Screen reader announces the price twice in the order summary',
  'Confirmation page flickers before the redirect',
  'Card expiry field allows months in the past',
  'Basket badge count wrong after a reorder',
  'Checkout crashes on Samsung Internet 23',
  'Free shipping threshold ignores discounted items',
  'Invoice PDF shows the billing address twice',
  'Phone number validation rejects +353 numbers',
  'Cookie consent blocks the payment iframe in Firefox strict mode',
  'Sentry: TypeError in the address form on blur',
  'Order export to the ERP misses the gift message',
  'Duplicate analytics purchase event on reload',
  'Payment error message not translated into Dutch',
  'Payment status polling times out after 60 seconds',
  'Billing address copied from shipping loses the company name',
  'Stored card nickname shows HTML entities',
];

/** Production bugs nobody linked to an epic (closed long ago: no finding, just realism). */
export const UNLINKED_DONE_BUGS: string[] = [
  'Checkout page returns 502 during the nightly price import',
  'Robots meta tag missing on the order confirmation page',
  'Typo in the German terms and conditions checkbox label',
  'Abandoned basket email links to a 404 page',
  'Old Internet Explorer warning banner still shown on checkout',
  'Slow query on orders by email in the admin search',
];

/** Sub-tasks a story is broken into (generic, as teams write them). */
export const SUBTASKS: string[] = [
  'API changes',
  'Frontend implementation',
  'Unit and integration tests',
  'QA on staging',
  'Analytics events',
  'Copy review with UX writing',
  'Feature flag and rollout plan',
  'Accessibility check',
  'Update the API documentation',
  'Translations (DE, NL, FR)',
];

/** OPS: a kanban team's tasks and bugs; [summary, type, status, sub-tasks]. */
export const OPS_ITEMS: [string, 'T' | 'B', WorkStatus, string[]][] = [
  ['Upgrade the EKS cluster to Kubernetes 1.31', 'T', 'done', ['Upgrade staging cluster', 'Upgrade production cluster', 'Update node group AMIs']],
  ['Rotate TLS certificates for checkout-api', 'T', 'done', []],
  ['PagerDuty escalation policy for payments on-call', 'T', 'done', []],
  ['Nightly database backup job fails on large tables', 'B', 'done', []],
  ['Terraform module for Redis clusters', 'T', 'done', []],
  ['Move CI runners to ARM instances', 'T', 'done', ['Benchmark ARM runners', 'Migrate build images']],
  ['Grafana dashboard for checkout latency', 'T', 'done', []],
  ['Log retention policy of 90 days for application logs', 'T', 'done', []],
  ['Disk space alert on the Jenkins controller is flapping', 'B', 'done', []],
  ['Decommission the old staging VPC', 'T', 'done', []],
  ['Patch OpenSSL on bastion hosts', 'T', 'done', []],
  ['Autoscaling for the order-worker service', 'T', 'done', []],
  ['DNS failover for status.acme.example', 'T', 'done', []],
  ['Secrets manager rotation for database passwords', 'T', 'done', []],
  ['Cost report per team in AWS Cost Explorer', 'T', 'done', []],
  ['Sentry quota exceeded during the Black Friday load test', 'B', 'done', []],
  ['Blue-green deployment for checkout-web', 'T', 'done', []],
  ['Runbook for failed payment webhooks', 'T', 'done', []],
  ['Read-only Grafana access for the support team', 'T', 'done', []],
  ['VPN still serves a self-signed certificate', 'B', 'done', []],
  ['Upgrade PostgreSQL 14 to 16 on the orders database', 'T', 'progress', ['Dry run on a restored snapshot', 'Schedule the maintenance window']],
  ['Synthetic checks for the checkout happy path', 'T', 'progress', []],
  ['Alert noise: CPU alerts on batch nodes', 'B', 'progress', []],
  ['Scale the CDN for Black Friday traffic', 'T', 'progress', []],
  ['Kafka consumer lag on the order-events topic', 'B', 'progress', []],
  ['Migrate container images to the new registry', 'T', 'todo', []],
  ['Load balancer access logs to S3', 'T', 'todo', []],
  ['Review IAM roles unused for 90 days', 'T', 'todo', []],
  ['On-call handover checklist', 'T', 'todo', []],
  ['Upgrade Terraform to 1.9', 'T', 'todo', []],
  ['Staging environment refresh from production (anonymised)', 'T', 'todo', []],
  ['Capacity plan for 2027 peak season', 'T', 'todo', []],
  ['Backup restore drill for Q4', 'T', 'todo', []],
];

/**
 * MOB: the mobile app team, a scrum team on its own board since March 2026. It ships the app
 * with the web checkout's releases (the same version names as ACME); its epics sit under ACME's
 * initiatives (parents in another project), except the push notifications epic nobody placed.
 */
export const MOBILE_EPICS: EpicSpec[] = [
  {
    ref: 'M1', summary: 'Apple Pay and Google Pay in the app', initiative: 'I2', status: 'done', created: '2026-02-16', updated: null, due: '2026-04-30',
    board: 'mobile', from: 1, to: 4, current: 0, upcoming: 0, backlog: 0,
    items: [
      'S:Apple Pay sheet on the iOS payment step',
      'S:Google Pay button on the Android payment step',
      'T:Merchant identifiers and certificates for both stores',
      'S:Fallback to card entry when wallet payment is declined',
      'B:Apple Pay sheet shows the shipping cost twice',
      'T:Wallet payment events in the app analytics',
      'B:Google Pay button missing on devices without Play Services',
    ],
  },
  {
    ref: 'M3', summary: 'Crash-free sessions above 99.8%', initiative: 'I3', status: 'progress', created: '2026-03-09', updated: '2026-11-12', due: null,
    board: 'mobile', from: 2, to: 'F', current: 2, upcoming: 1, backlog: 1,
    items: [
      'T:Crashlytics alerts routed to the team channel',
      'B:Crash when the basket is restored after the app was killed',
      'B:ANR on Android when loading large product images',
      'T:Symbol upload for release builds in CI',
      'B:Crash on iOS 18.2 when rotating the checkout screen',
      'T:Strict mode checks in the Android debug build',
      'B:Memory leak in the product gallery',
      'B:Crash on logout while a payment is pending',
      'T:Weekly crash review with the top ten issues',
      'B:Deep link into a deleted product crashes the app',
      'T:Stability dashboard per app version',
      'T:Crash-free target in the release checklist',
    ],
  },
  {
    ref: 'M5', summary: 'Guest checkout in the app', initiative: 'I1', status: 'done', created: '2026-04-06', updated: null, due: '2026-06-30',
    board: 'mobile', from: 5, to: 9, current: 0, upcoming: 0, backlog: 0,
    items: [
      'S:Continue as guest on the sign-in screen',
      'S:Email capture for the order confirmation',
      'S:Offer account creation after a guest order',
      'T:Guest checkout API contract with the checkout team',
      'B:Guest basket lost when the app goes to the background',
      'S:Order lookup by email and order number',
      'T:UI tests for the guest flow on both platforms',
      'B:Keyboard hides the email field on small iPhones',
    ],
  },
  {
    ref: 'M1b', summary: 'Single-page checkout in the app', initiative: 'I1', status: 'progress', created: '2026-06-15', updated: '2026-11-18', due: '2027-03-04',
    board: 'mobile', from: 9, to: 'F', current: 3, upcoming: 2, backlog: 2,
    items: [
      'S:One scrolling checkout screen with collapsible sections',
      'S:Inline address editing in the single-page checkout',
      'T:Feature flag for the single-page checkout',
      'S:Shipping method picker as a bottom sheet',
      'S:Sticky order total with the place order button',
      'B:Section headers overlap with large Dynamic Type sizes',
      'S:Saved addresses in the single-page checkout',
      'T:Accessibility audit of the single-page checkout',
      'S:Delivery slot picker in the app',
      'S:Gift card redemption in the app',
      'S:Klarna in the app',
      'T:A/B test setup against the step-by-step checkout',
    ],
  },
  {
    ref: 'M6', summary: 'iOS 20 and Android 17 SDK upgrades', initiative: 'I3', status: 'done', created: '2026-08-24', updated: null, due: '2026-09-30',
    board: 'mobile', from: 14, to: 17, current: 0, upcoming: 0, backlog: 0,
    items: [
      'T:Build with the iOS 20 SDK and Xcode 18',
      'T:Target Android API level 37',
      'B:Predictive back gesture breaks the checkout navigation',
      'B:Payment sheet layout broken with the iOS 20 tab bar',
      'T:Replace the deprecated photo picker',
      'B:App store review rejected the build over the privacy manifest',
    ],
  },
  {
    ref: 'M4', summary: 'Order status push notifications', initiative: null, status: 'progress', created: '2026-08-10', updated: '2026-11-17', due: null,
    board: 'mobile', from: 13, to: 'F', current: 2, upcoming: 1, backlog: 1,
    items: [
      'T:Push notification service with APNs and FCM',
      'S:Ask for notification permission after the first order',
      'S:Notify when the order ships',
      'S:Notify when the parcel is out for delivery',
      'T:Notification preferences in the account screen',
      'S:Open the order from the notification',
      'S:Quiet hours for notifications',
    ],
  },
];
