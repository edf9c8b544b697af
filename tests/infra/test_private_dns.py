"""The private names resolve from the corporate network (ADR 60): the web app's private
hosted zone is the VPC's, and a Route 53 Resolver inbound endpoint, one address in each
private subnet, takes the queries the corporate DNS forwards, on port 53 from the
corporate network only."""

from __future__ import annotations

from tests.infra.invariants import ROOT, load, refers_to, resources

NETWORK = load(ROOT / "platform" / "network.yaml")


def test_the_inbound_endpoint_answers_in_both_private_subnets():
    ((_, endpoint),) = resources(NETWORK, "AWS::Route53Resolver::ResolverEndpoint")
    assert endpoint["Direction"] == "INBOUND"
    subnets = [address["SubnetId"] for address in endpoint["IpAddresses"]]
    assert subnets == [{"Ref": "PrivateSubnetA"}, {"Ref": "PrivateSubnetB"}]
    (group,) = endpoint["SecurityGroupIds"]
    assert refers_to(group, "ResolverSecurityGroup")


def test_only_the_corporate_network_may_query_it_and_only_dns():
    group = NETWORK["Resources"]["ResolverSecurityGroup"]["Properties"]
    rules = {
        (r["IpProtocol"], r["FromPort"], r["ToPort"], str(r["CidrIp"]))
        for r in group["SecurityGroupIngress"]
    }
    client = str({"Ref": "ClientCidr"})
    assert rules == {("udp", 53, 53, client), ("tcp", 53, 53, client)}
    assert [r["CidrIp"] for r in group["SecurityGroupEgress"]] == ["127.0.0.1/32"]


def test_operators_find_the_endpoint_and_the_zone_is_the_vpcs():
    platform = load(ROOT / "template.yaml")
    parameter = platform["Resources"]["ResolverInboundEndpointParameter"]
    assert parameter["Condition"] == "NotLocal"  # no VPC locally
    assert parameter["Properties"]["Name"] == {
        "Fn::Sub": "/riskplatform/${Stage}/network/resolver-inbound-endpoint-id"
    }
    web = load(ROOT / "platform" / "web.yaml")
    ((_, zone),) = resources(web, "AWS::Route53::HostedZone")
    assert zone["VPCs"] == [{"VPCId": {"Ref": "VpcId"}, "VPCRegion": {"Ref": "AWS::Region"}}]
