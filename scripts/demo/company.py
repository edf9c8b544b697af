"""The demo company: a life-science instrument, reagent and consumables maker, its
divisions, products, suppliers and sites. Plain data."""

from __future__ import annotations

# code -> (name, parent code)
DIVISIONS: dict[str, tuple[str, str | None]] = {
    "REAG": ("Reagents", None),
    "REAG-MB": ("Molecular Biology Reagents", "REAG"),
    "REAG-IA": ("Immunoassay Reagents", "REAG"),
    "INST": ("Instruments", None),
    "INST-SEQ": ("Sequencing Systems", "INST"),
    "INST-LH": ("Liquid Handling", "INST"),
    "CONS": ("Consumables", None),
    "CONS-PL": ("Lab Plastics", "CONS"),
    "CONS-FI": ("Filtration", "CONS"),
    "CDX": ("Clinical Diagnostics", None),
    "CDX-IVD": ("IVD Assays", "CDX"),
    "CDX-POC": ("Point of Care", "CDX"),
    "BIOP": ("Bioproduction", None),
    "BIOP-CCM": ("Cell Culture Media", "BIOP"),
    "BIOP-SU": ("Single-Use Systems", "BIOP"),
    "SWS": ("Software and Services", None),
    "SWS-LIMS": ("Lab Informatics", "SWS"),
    "SWS-FS": ("Field Service", "SWS"),
}

# division code -> products it sells
PRODUCTS: dict[str, list[str]] = {
    "REAG-MB": ["HiFi PCR Master Mix", "RT-qPCR One-Step Kit", "NGS Library Prep Kit"],
    "REAG-IA": ["ELISA Antibody Pair Set", "Chemiluminescent Substrate"],
    "INST-SEQ": ["Benchtop Sequencer S2", "Flow Cell v3"],
    "INST-LH": ["Automated Pipetting Workstation", "Plate Washer PW-96"],
    "CONS-PL": ["Low-Retention Pipette Tips", "96-Well PCR Plates"],
    "CONS-FI": ["Sterile Vacuum Filter Units", "Syringe Filters 0.22 um"],
    "CDX-IVD": ["SARS-CoV-2/Flu Multiplex Assay", "Cardiac Troponin I Assay"],
    "CDX-POC": ["POC Glucose Analyzer", "Lateral Flow hCG Test"],
    "BIOP-CCM": ["Chemically Defined CHO Medium", "Feed Supplement F7"],
    "BIOP-SU": ["Single-Use Bioreactor Bag 200 L", "Aseptic Connector AC-1"],
    "SWS-LIMS": ["LabFlow LIMS Cloud", "Instrument Data Connector"],
    "SWS-FS": ["Preventive Maintenance Contract", "Instrument Qualification Service"],
}

# product -> its kind, which decides the risks that can apply to it
PRODUCT_KINDS: dict[str, str] = {
    "HiFi PCR Master Mix": "reagent",
    "RT-qPCR One-Step Kit": "reagent",
    "NGS Library Prep Kit": "reagent",
    "ELISA Antibody Pair Set": "reagent",
    "Chemiluminescent Substrate": "reagent",
    "Benchtop Sequencer S2": "instrument",
    "Flow Cell v3": "consumable",
    "Automated Pipetting Workstation": "instrument",
    "Plate Washer PW-96": "instrument",
    "Low-Retention Pipette Tips": "consumable",
    "96-Well PCR Plates": "consumable",
    "Sterile Vacuum Filter Units": "consumable",
    "Syringe Filters 0.22 um": "consumable",
    "SARS-CoV-2/Flu Multiplex Assay": "assay",
    "Cardiac Troponin I Assay": "assay",
    "POC Glucose Analyzer": "device",
    "Lateral Flow hCG Test": "assay",
    "Chemically Defined CHO Medium": "medium",
    "Feed Supplement F7": "medium",
    "Single-Use Bioreactor Bag 200 L": "bioprocess",
    "Aseptic Connector AC-1": "bioprocess",
    "LabFlow LIMS Cloud": "software",
    "Instrument Data Connector": "software",
    "Preventive Maintenance Contract": "service",
    "Instrument Qualification Service": "service",
}

# supplier -> what it supplies
SUPPLIERS: dict[str, str] = {
    "Enzymatics Bio GmbH": "recombinant polymerases",
    "NordPoly Resins AB": "medical-grade polypropylene",
    "Shenzhen Precision Optics": "optical modules",
    "Kyoto Microfluidics KK": "flow-cell substrates",
    "Atlantic Sera Ltd": "fetal bovine serum and growth factors",
    "PureMembrane Inc": "PES and PVDF membranes",
    "Meridian Antibodies LLC": "monoclonal antibodies",
    "Cleanroom Films SA": "multilayer bioprocess films",
    "ColdChain Logistics BV": "temperature-controlled distribution",
    "Baltic Electronics UAB": "printed circuit board assemblies",
    "CloudHost EU": "managed cloud hosting",
    "Gamma Sterilization Services": "gamma irradiation",
}

# site -> (country, what is made there)
SITES: dict[str, tuple[str, str]] = {
    "Vilnius Reagent Plant": ("LT", "enzymes and master mixes"),
    "Carlsbad Instrument Assembly": ("US", "sequencers and liquid handlers"),
    "Singapore Consumables Plant": ("SG", "moulded plastics"),
    "Cork Diagnostics Facility": ("IE", "IVD assays"),
    "Grand Island Media Plant": ("US", "cell culture media"),
    "Logan Single-Use Plant": ("US", "bioprocess bags"),
    "Darmstadt Filtration Works": ("DE", "filters"),
    "Pune Software Centre": ("IN", "software"),
}

# which suppliers each product depends on, and where it is made
DEPENDS_ON: dict[str, list[str]] = {
    "HiFi PCR Master Mix": ["Enzymatics Bio GmbH", "ColdChain Logistics BV"],
    "RT-qPCR One-Step Kit": ["Enzymatics Bio GmbH", "ColdChain Logistics BV"],
    "NGS Library Prep Kit": ["Enzymatics Bio GmbH"],
    "ELISA Antibody Pair Set": ["Meridian Antibodies LLC"],
    "Benchtop Sequencer S2": ["Shenzhen Precision Optics", "Baltic Electronics UAB"],
    "Flow Cell v3": ["Kyoto Microfluidics KK"],
    "Automated Pipetting Workstation": ["Baltic Electronics UAB"],
    "Low-Retention Pipette Tips": ["NordPoly Resins AB", "Gamma Sterilization Services"],
    "96-Well PCR Plates": ["NordPoly Resins AB"],
    "Sterile Vacuum Filter Units": ["PureMembrane Inc", "Gamma Sterilization Services"],
    "Syringe Filters 0.22 um": ["PureMembrane Inc"],
    "SARS-CoV-2/Flu Multiplex Assay": ["Enzymatics Bio GmbH", "ColdChain Logistics BV"],
    "Cardiac Troponin I Assay": ["Meridian Antibodies LLC"],
    "Chemically Defined CHO Medium": ["Atlantic Sera Ltd"],
    "Single-Use Bioreactor Bag 200 L": ["Cleanroom Films SA", "Gamma Sterilization Services"],
    "LabFlow LIMS Cloud": ["CloudHost EU"],
}
MADE_AT: dict[str, str] = {
    "HiFi PCR Master Mix": "Vilnius Reagent Plant",
    "RT-qPCR One-Step Kit": "Vilnius Reagent Plant",
    "NGS Library Prep Kit": "Vilnius Reagent Plant",
    "Benchtop Sequencer S2": "Carlsbad Instrument Assembly",
    "Automated Pipetting Workstation": "Carlsbad Instrument Assembly",
    "Low-Retention Pipette Tips": "Singapore Consumables Plant",
    "96-Well PCR Plates": "Singapore Consumables Plant",
    "Sterile Vacuum Filter Units": "Darmstadt Filtration Works",
    "SARS-CoV-2/Flu Multiplex Assay": "Cork Diagnostics Facility",
    "Cardiac Troponin I Assay": "Cork Diagnostics Facility",
    "Chemically Defined CHO Medium": "Grand Island Media Plant",
    "Single-Use Bioreactor Bag 200 L": "Logan Single-Use Plant",
    "LabFlow LIMS Cloud": "Pune Software Centre",
}

OWNERS = [
    "anna.kowalska",
    "ben.okafor",
    "chloe.martin",
    "daniel.schmidt",
    "elena.rossi",
    "farid.haddad",
    "grace.liu",
    "henrik.larsen",
    "isabel.ortega",
    "jonas.meyer",
    "kavya.rao",
    "liam.byrne",
]


def owner_email(n: int) -> str:
    return f"{OWNERS[n % len(OWNERS)]}@example.com"
