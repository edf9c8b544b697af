#!/usr/bin/env bash
# web-targets.sh <stage>: points the web app's load balancer at the addresses of the VPC's
# S3 and execute-api interface endpoints (CloudFormation cannot read an endpoint's IP
# addresses, ADR 60): registers the current ones, deregisters any other. Idempotent; run
# by every web deploy, and by hand after a platform change that replaced an endpoint.
set -euo pipefail
STAGE="${1:?usage: web-targets.sh <stage>}"
param() { aws ssm get-parameter --name "/riskplatform/$STAGE/$1" --query Parameter.Value --output text; }

point() {  # target-group-arn endpoint-id
  local group="$1" endpoint="$2" interfaces want have ip
  read -r -a interfaces <<<"$(aws ec2 describe-vpc-endpoints --vpc-endpoint-ids "$endpoint" \
    --query 'VpcEndpoints[0].NetworkInterfaceIds' --output text)"
  want="$(aws ec2 describe-network-interfaces --network-interface-ids "${interfaces[@]}" \
    --query 'NetworkInterfaces[].PrivateIpAddress' --output text | tr '\t' '\n' | sort)"
  have="$(aws elbv2 describe-target-health --target-group-arn "$group" \
    --query 'TargetHealthDescriptions[].Target.Id' --output text | tr '\t' '\n' | sed '/^$/d' | sort)"
  for ip in $(comm -23 <(echo "$want") <(echo "$have")); do
    aws elbv2 register-targets --target-group-arn "$group" --targets "Id=$ip,Port=443"
    echo "registered $ip ($endpoint)"
  done
  for ip in $(comm -13 <(echo "$want") <(echo "$have")); do
    aws elbv2 deregister-targets --target-group-arn "$group" --targets "Id=$ip,Port=443"
    echo "deregistered $ip (no longer $endpoint's)"
  done
}

point "$(param web/files-target-group-arn)" "$(param network/s3-endpoint-id)"
point "$(param web/api-target-group-arn)" "$(param network/api-vpc-endpoint-id)"
