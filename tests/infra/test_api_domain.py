"""The web app's /api/<name>/... reaches each service's private API through the APIs'
private custom domain (ADR 60): the web stack makes the domain, admits the execute-api
endpoint alone and associates it; each service maps its API on it under the name the
load balancer forwards, once a stage has the domain."""

from __future__ import annotations

from typing import Any

from tests.infra.invariants import ROOT, load, refers_to, resources

BASE_PATHS = {
    "risk-intake": "intake",
    "metrics-scoring": "scoring",
    "graph-sync": "graph",
    "reporting": "reporting",
}


def test_each_service_maps_its_api_on_the_domain_under_the_web_apps_name():
    for service, base in BASE_PATHS.items():
        template = load(ROOT / "services" / service / "template.yaml")
        (api,) = [name for name, _ in resources(template, "AWS::Serverless::Api")]
        (resource,) = [
            template["Resources"][name]
            for name, _ in resources(template, "AWS::ApiGateway::BasePathMappingV2")
        ]
        properties: dict[str, Any] = resource["Properties"]
        assert properties["BasePath"] == base, service
        assert refers_to(properties["RestApiId"], api), service
        assert properties["DomainNameArn"] == {"Ref": "ApiDomainNameArn"}, service
        assert resource["Condition"] == "OnApiDomain", service  # none locally, none without it
        assert template["Parameters"]["ApiDomainNameArn"]["Default"] == "", service


def test_the_domain_admits_the_execute_api_endpoint_alone_and_is_associated_with_it():
    web = load(ROOT / "platform" / "web.yaml")
    ((domain_name, domain),) = resources(web, "AWS::ApiGateway::DomainNameV2")
    assert domain["EndpointConfiguration"] == {"Types": ["PRIVATE"]}
    statements = domain["Policy"]["Statement"]
    endpoint = {"Ref": "ApiVpcEndpointId"}
    assert {"StringNotEquals": {"aws:SourceVpce": endpoint}} in [
        s.get("Condition") for s in statements if s["Effect"] == "Deny"
    ]
    (association,) = [p for _, p in resources(web, "AWS::ApiGateway::DomainNameAccessAssociation")]
    assert refers_to(association["DomainNameArn"], domain_name)
    assert (association["AccessAssociationSource"], association["AccessAssociationSourceType"]) == (
        endpoint,
        "VPCE",
    )
    # /api/<name>/... is forwarded to that domain as /<name>/...
    (rule,) = [
        p for n, p in resources(web, "AWS::ElasticLoadBalancingV2::ListenerRule") if n == "ApiRule"
    ]
    rewrites = rule["Transforms"]
    host = [t for t in rewrites if t["Type"] == "host-header-rewrite"]
    assert host[0]["HostHeaderRewriteConfig"]["Rewrites"][0]["Replace"] == {"Ref": "ApiDomainName"}


def test_the_pipeline_passes_the_domain_to_each_service_it_deploys():
    script = (ROOT / "pipeline" / "deploy.sh").read_text()
    assert "/riskplatform/$STAGE/web/api-domain-arn" in script
    assert '"ApiDomainNameArn=$domain"' in script
