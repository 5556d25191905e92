#!/usr/bin/env bash
# Attendee setup, as the workshop guide calls it:  bash scripts/bootstrap.sh --id "$ATTENDEE_ID"
# Creates your personal table ws-att-<id> and seeds your ATT#<id># namespace (safe to run again).
# Runs on AWS when a profile or keys are set (--profile, AWS keys, AWS_PROFILE, or the profile of workshop login), otherwise on the embedded local DynamoDB.
set -euo pipefail
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/workshop" bootstrap "$@"
