#!/usr/bin/env bash
# End of workshop, as the guide calls it:  bash scripts/cleanup.sh --id "$ATTENDEE_ID"
# Deletes your personal table and purges your ATT#<id># keys from the shared table (safe to run again).
# Facilitators: bash scripts/cleanup.sh --all --yes [--delete-shared]
set -euo pipefail
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/workshop" cleanup "$@"
