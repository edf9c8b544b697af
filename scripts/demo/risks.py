"""Risk and solution wording, as a life-science risk manager writes them. Each template
names what it is about ({product}, {supplier}, {site}, {division}); the generator fills
them in from the company and rates them around the template's likelihood and impact."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RiskTemplate:
    key: str
    about: str  # product | supplier | site | division
    category: str
    title: str
    description: str
    likelihood: int
    impact: dict[str, int]
    fmea: tuple[int, int, int] | None = None
    kinds: frozenset[str] = frozenset()  # for products: the kinds it applies to


@dataclass(frozen=True)
class SolutionTemplate:
    answers: tuple[str, ...]  # RiskTemplate keys
    kind: str  # preventive | mitigating
    title: str
    description: str
    effectiveness: int
    cost: int
    tags: tuple[str, ...] = field(default_factory=tuple)


RISKS: list[RiskTemplate] = [
    RiskTemplate(
        "single-source",
        "supplier",
        "supply_chain",
        "Single source for {supplied} ({supplier})",
        "{supplier} is the only qualified source of {supplied}. A quality hold, capacity "
        "shortfall or export restriction would stop dependent product release within the "
        "safety-stock cover of about six weeks.",
        3,
        {"supply": 5, "financial": 4, "reputation": 2},
    ),
    RiskTemplate(
        "supplier-quality",
        "supplier",
        "regulatory_quality",
        "Incoming quality escapes from {supplier}",
        "Two supplier corrective action requests against {supplier} for {supplied} in the "
        "last twelve months; incoming inspection is skip-lot and may not catch "
        "lot-to-lot variation before material reaches production.",
        3,
        {"regulatory": 3, "supply": 3, "financial": 2},
    ),
    RiskTemplate(
        "supplier-insolvency",
        "supplier",
        "financial",
        "Financial distress at {supplier}",
        "Credit monitoring shows deteriorating liquidity at {supplier}. Insolvency would "
        "interrupt supply of {supplied} and strand tooling and consigned stock.",
        2,
        {"supply": 4, "financial": 3},
    ),
    RiskTemplate(
        "cold-chain",
        "product",
        "supply_chain",
        "Cold-chain excursion in distribution of {product}",
        "Temperature loggers show excursions above 8 C on summer lanes. An undetected "
        "excursion can degrade enzyme activity in {product} and cause field complaints.",
        3,
        {"safety": 2, "regulatory": 3, "financial": 2, "reputation": 3},
        kinds=frozenset({"reagent", "assay", "medium"}),
    ),
    RiskTemplate(
        "stability",
        "product",
        "regulatory_quality",
        "Shelf-life claim for {product} not supported by real-time stability",
        "The labelled shelf life of {product} rests on accelerated data; two real-time "
        "time points trend toward the specification limit for activity.",
        2,
        {"regulatory": 4, "financial": 3, "reputation": 3},
        (7, 4, 5),
        kinds=frozenset({"reagent", "assay", "medium", "bioprocess"}),
    ),
    RiskTemplate(
        "lot-failure",
        "product",
        "operational",
        "Lot release failures for {product}",
        "Functional QC failures for {product} rose from 1.5 % to 4 % of lots after the "
        "raw-material change; each failed lot costs rework and two weeks of supply.",
        3,
        {"supply": 3, "financial": 3},
        (5, 5, 4),
        kinds=frozenset({"reagent", "assay", "medium", "consumable"}),
    ),
    RiskTemplate(
        "contamination",
        "product",
        "product_safety",
        "Microbial or nuclease contamination of {product}",
        "A contamination event in filling would reach customers before release testing "
        "completes for expedited orders of {product}; assays run with contaminated "
        "reagent can give false results.",
        2,
        {"safety": 4, "regulatory": 4, "reputation": 4},
        (8, 3, 4),
        kinds=frozenset({"reagent", "assay", "medium"}),
    ),
    RiskTemplate(
        "false-result",
        "product",
        "product_safety",
        "False negative results from {product} near the limit of detection",
        "Verification shows reduced sensitivity for low-titre samples with a new variant. "
        "A false negative result from {product} can delay treatment of a patient.",
        2,
        {"safety": 5, "regulatory": 5, "reputation": 4},
        (9, 3, 5),
        kinds=frozenset({"assay"}),
    ),
    RiskTemplate(
        "ivdr",
        "product",
        "regulatory_quality",
        "IVDR technical documentation gaps for {product}",
        "The notified body review found gaps in performance evaluation and post-market "
        "surveillance planning for {product}; certificates lapse if not closed in time.",
        3,
        {"regulatory": 5, "financial": 4},
        kinds=frozenset({"assay", "device"}),
    ),
    RiskTemplate(
        "field-failure",
        "product",
        "product_safety",
        "Field failures of {product} under high-throughput use",
        "Service data show early failures of a critical module of {product} above 16 "
        "hours a day of use; some failures give wrong results before an error shows.",
        3,
        {"safety": 3, "financial": 3, "reputation": 4},
        (7, 5, 6),
        kinds=frozenset({"instrument", "device"}),
    ),
    RiskTemplate(
        "obsolescence",
        "product",
        "supply_chain",
        "Electronic component obsolescence in {product}",
        "Three components on the main board of {product} reach end of life next year; "
        "redesign requires re-verification and a regulatory change notification.",
        4,
        {"supply": 4, "financial": 3},
        kinds=frozenset({"instrument", "device"}),
    ),
    RiskTemplate(
        "cyber-product",
        "product",
        "cyber",
        "Unpatched software vulnerabilities in {product}",
        "{product} runs an embedded OS with known vulnerabilities; customers connect it "
        "to lab networks, and an exploit could alter results or spread ransomware.",
        3,
        {"safety": 2, "regulatory": 3, "reputation": 4},
        kinds=frozenset({"instrument", "device", "software"}),
    ),
    RiskTemplate(
        "data-breach",
        "product",
        "cyber",
        "Customer data exposure through {product}",
        "Misconfigured storage or a compromised admin account in {product} would expose "
        "customer sample metadata, a reportable breach under GDPR and HIPAA.",
        2,
        {"regulatory": 5, "financial": 4, "reputation": 5},
        kinds=frozenset({"software", "service"}),
    ),
    RiskTemplate(
        "site-outage",
        "site",
        "operational",
        "Extended outage at {site}",
        "{site} makes {made}. A fire, flood or utility failure would stop output for "
        "months; there is no qualified alternate site for most products.",
        2,
        {"supply": 5, "financial": 5, "reputation": 3},
    ),
    RiskTemplate(
        "site-ehs",
        "site",
        "ehs",
        "Chemical exposure incidents at {site}",
        "Handling of solvents and sensitisers at {site} relies on local exhaust "
        "ventilation that failed its last inspection; near misses are rising.",
        3,
        {"safety": 4, "regulatory": 3, "reputation": 2},
    ),
    RiskTemplate(
        "site-audit",
        "site",
        "regulatory_quality",
        "FDA or notified body audit findings at {site}",
        "Open CAPAs on complaint handling and data integrity at {site} could escalate "
        "to a warning letter in the next inspection.",
        3,
        {"regulatory": 5, "reputation": 4, "financial": 3},
    ),
    RiskTemplate(
        "site-staff",
        "site",
        "operational",
        "Loss of key operators at {site}",
        "Few qualified operators cover critical steps at {site}; attrition in a tight "
        "labour market ({country}) leaves shifts without trained staff.",
        3,
        {"supply": 3, "financial": 2},
    ),
    RiskTemplate(
        "site-energy",
        "site",
        "financial",
        "Energy cost volatility at {site}",
        "Energy is a large share of conversion cost at {site}; unhedged prices erode "
        "margins on {made}.",
        4,
        {"financial": 3},
    ),
    RiskTemplate(
        "strategy-competition",
        "division",
        "strategic",
        "Lower-cost competitors entering {division} markets",
        "Competitors offer comparable products at 20-30 % lower prices in tenders; "
        "{division} risks losing share in price-sensitive segments.",
        4,
        {"financial": 4, "reputation": 2},
    ),
    RiskTemplate(
        "strategy-portfolio",
        "division",
        "strategic",
        "Pipeline of {division} dependent on few launches",
        "Most planned growth of {division} depends on two launches next year; a delay "
        "in either misses the plan.",
        3,
        {"financial": 4},
    ),
    RiskTemplate(
        "fx",
        "division",
        "financial",
        "Currency exposure of {division}",
        "{division} buys in USD and sells largely in EUR; a 10 % move would cut margin "
        "materially, and hedging covers only the next two quarters.",
        3,
        {"financial": 3},
    ),
    RiskTemplate(
        "reputation-recall",
        "division",
        "reputational",
        "Public recall or safety notice in {division}",
        "A field safety notice in {division} would be visible to hospital and pharma "
        "customers and trade press, affecting tenders across the portfolio.",
        2,
        {"reputation": 5, "financial": 3},
    ),
    RiskTemplate(
        "ransomware",
        "division",
        "cyber",
        "Ransomware on systems of {division}",
        "A ransomware attack on ERP and MES systems used by {division} would halt order "
        "processing and batch record review for days.",
        3,
        {"supply": 4, "financial": 4, "reputation": 3},
    ),
    RiskTemplate(
        "trade-compliance",
        "division",
        "regulatory_quality",
        "Export control and sanctions screening in {division}",
        "Dual-use classification and end-user screening for shipments of {division} is "
        "manual; a violation carries fines and loss of export privileges.",
        2,
        {"regulatory": 5, "financial": 4, "reputation": 4},
    ),
    RiskTemplate(
        "ehs-waste",
        "division",
        "ehs",
        "Hazardous waste handling in {division}",
        "Waste streams with biological and chemical hazards from {division} go to "
        "contractors whose permits are not checked systematically.",
        2,
        {"safety": 3, "regulatory": 4, "reputation": 3},
    ),
    RiskTemplate(
        "key-people",
        "division",
        "operational",
        "Dependence on key experts in {division}",
        "Critical process knowledge in {division} sits with few people; undocumented "
        "know-how would be lost on departure.",
        3,
        {"supply": 2, "financial": 3},
    ),
    RiskTemplate(
        "esg-claims",
        "division",
        "reputational",
        "Sustainability claims of {division} challenged",
        "Marketing claims on recyclability of {division} packaging are not backed by "
        "third-party data; NGOs and customers increasingly challenge such claims.",
        2,
        {"reputation": 4, "regulatory": 2},
    ),
]

SOLUTIONS: list[SolutionTemplate] = [
    SolutionTemplate(
        ("single-source", "supplier-insolvency"),
        "preventive",
        "Qualify a second source for {supplied}",
        "Dual-source {supplied}: qualification lots, comparability data and a supply "
        "agreement with a second manufacturer.",
        70,
        120_000,
    ),
    SolutionTemplate(
        ("single-source", "supplier-insolvency"),
        "mitigating",
        "Strategic safety stock of {supplied}",
        "Hold twelve weeks of {supplied} under controlled storage with FEFO rotation.",
        50,
        60_000,
    ),
    SolutionTemplate(
        ("supplier-quality",),
        "preventive",
        "Supplier development programme with {supplier}",
        "Joint process capability review, tightened specifications and quarterly "
        "scorecards for {supplier}.",
        55,
        25_000,
    ),
    SolutionTemplate(
        ("supplier-quality",),
        "mitigating",
        "Tightened incoming inspection for {supplied}",
        "Full incoming inspection with functional testing until {supplier} shows three "
        "months without escapes.",
        45,
        15_000,
    ),
    SolutionTemplate(
        ("supplier-insolvency",),
        "preventive",
        "Quarterly financial health monitoring of critical suppliers",
        "Credit-agency alerts and quarterly reviews for all single-source suppliers.",
        30,
        8_000,
    ),
    SolutionTemplate(
        ("cold-chain",),
        "preventive",
        "Validated shipper qualification for summer lanes",
        "Qualify phase-change shippers for 72 h at 35 C and move summer lanes to them.",
        65,
        40_000,
    ),
    SolutionTemplate(
        ("cold-chain",),
        "mitigating",
        "Data-logger review before goods receipt at distribution centres",
        "Every shipment's logger is read at receipt; excursions quarantine the goods.",
        55,
        12_000,
    ),
    SolutionTemplate(
        ("stability", "lot-failure"),
        "preventive",
        "Real-time stability programme and trending",
        "Add real-time time points, trend with control charts and review quarterly.",
        50,
        30_000,
    ),
    SolutionTemplate(
        ("lot-failure",),
        "preventive",
        "Raw-material specification tightening and DoE",
        "Design of experiments on the raw-material change; tighten specifications on the "
        "critical attributes.",
        60,
        45_000,
    ),
    SolutionTemplate(
        ("contamination",),
        "preventive",
        "Environmental monitoring and nuclease testing in filling",
        "Increase EM frequency in grade B/C filling rooms and add a nuclease release "
        "test for every lot.",
        70,
        35_000,
    ),
    SolutionTemplate(
        ("contamination", "false-result"),
        "mitigating",
        "Field action procedure with customer notification in 48 h",
        "Rehearsed recall and field safety notice procedure with lot traceability to "
        "every customer.",
        40,
        10_000,
    ),
    SolutionTemplate(
        ("false-result",),
        "preventive",
        "Variant surveillance and in-silico inclusivity checks",
        "Monthly in-silico check of primer and probe matches against new variants; wet "
        "testing on any mismatch.",
        65,
        20_000,
    ),
    SolutionTemplate(
        ("ivdr", "site-audit"),
        "preventive",
        "Regulatory gap closure plan with notified body milestones",
        "Dedicated team closes documentation gaps with milestone reviews.",
        60,
        150_000,
    ),
    SolutionTemplate(
        ("field-failure",),
        "preventive",
        "Design change to the pipetting head with accelerated life testing",
        "New bearing design verified by accelerated life testing to 20,000 hours.",
        75,
        220_000,
    ),
    SolutionTemplate(
        ("field-failure",),
        "mitigating",
        "Volume verification check in the daily start-up routine",
        "Gravimetric check at start-up warns the user before a run with wrong volumes.",
        50,
        18_000,
    ),
    SolutionTemplate(
        ("obsolescence",),
        "preventive",
        "Last-time buy and lifecycle monitoring of components",
        "Last-time buy covering redesign lead time; monitor lifecycle status quarterly.",
        60,
        90_000,
    ),
    SolutionTemplate(
        ("cyber-product", "data-breach", "ransomware"),
        "preventive",
        "Vulnerability management and patch cadence",
        "SBOM per release, monthly vulnerability scans, patches within 30 days for high severity.",
        60,
        70_000,
    ),
    SolutionTemplate(
        ("data-breach", "ransomware"),
        "mitigating",
        "Immutable backups and tested restore",
        "Daily immutable backups, quarterly restore tests, incident response retainer.",
        55,
        50_000,
    ),
    SolutionTemplate(
        ("site-outage",),
        "mitigating",
        "Business continuity plan and alternate site qualification",
        "Documented continuity plan with partial tech transfer to an alternate site.",
        50,
        300_000,
    ),
    SolutionTemplate(
        ("site-outage", "site-ehs"),
        "preventive",
        "Fire protection and utility redundancy upgrade",
        "Sprinkler upgrade, redundant chillers and a second power feed.",
        45,
        400_000,
    ),
    SolutionTemplate(
        ("site-ehs", "ehs-waste"),
        "preventive",
        "Industrial hygiene programme and LEV maintenance",
        "Exposure monitoring, LEV inspections every six months, waste-contractor permit checks.",
        60,
        30_000,
    ),
    SolutionTemplate(
        ("site-staff", "key-people"),
        "mitigating",
        "Cross-training matrix and documented work instructions",
        "Every critical step covered by three trained people; know-how captured in work "
        "instructions.",
        50,
        20_000,
    ),
    SolutionTemplate(
        ("site-energy", "fx"),
        "mitigating",
        "Hedging policy extended to four quarters",
        "Treasury extends hedging of energy and currency exposures to four quarters.",
        45,
        5_000,
    ),
    SolutionTemplate(
        ("strategy-competition", "strategy-portfolio"),
        "mitigating",
        "Value-tier product line and launch portfolio review",
        "Value-tier offering for price-sensitive segments and a quarterly portfolio "
        "review with stage-gate criteria.",
        35,
        250_000,
    ),
    SolutionTemplate(
        ("reputation-recall", "esg-claims"),
        "mitigating",
        "Crisis communication plan and claims substantiation review",
        "Pre-approved crisis communications and legal review of every sustainability claim.",
        40,
        15_000,
    ),
    SolutionTemplate(
        ("trade-compliance",),
        "preventive",
        "Automated denied-party screening in order entry",
        "Screen every order against sanctions lists in ERP; block until cleared.",
        70,
        60_000,
    ),
]
