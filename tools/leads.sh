#!/usr/bin/env bash
# Serves leads of four kinds to a running Rung, as a small model meets them: short English ones (two in five), long
# ones, ones not in English and ones from large companies (one in five each). For trying learned routers and
# experiments on the simulator (README, "Learned start rungs").
#
#   tools/leads.sh <first index> <count> [subject prefix]
#
# RUNG_URL (default http://localhost:8080) and RUNG_API_KEY (default the development key) say where and as whom.
# Eight requests run at a time; each lead's content depends on its index alone.
set -euo pipefail

first=${1:?usage: tools/leads.sh <first index> <count> [subject prefix]}
count=${2:?usage: tools/leads.sh <first index> <count> [subject prefix]}
prefix=${3:-lead}
url=${RUNG_URL:-http://localhost:8080}
key=${RUNG_API_KEY:-rung-local-dev-key}

context=" We are currently evaluating several vendors as part of a wider programme to consolidate our revenue tooling, and our procurement team has asked every shortlisted supplier for the same information: security documentation, data residency options, an outline of the onboarding plan, references from customers of a similar size, and the commercial terms for a multi-year agreement including any discounts for annual prepayment."
foreign=(
  "Wir brauchen ein Angebot für %d Lizenzen, bitte mit Preisen für unser Team in München."
  "Necesitamos una cotización para %d licencias, ¿pueden enviarnos los precios pronto?"
  "Nous aimerions recevoir un devis pour %d licences, avec les tarifs détaillés s'il vous plaît."
)
titles=("Head of Sales" "VP Revenue" "Sales Manager")

lead() {
  local i=$1 seats size message
  seats=$((5 + (i * 7) % 90))
  size=$((20 + (i * 13) % 400))
  message="Can we get pricing for ${seats} seats?"
  case $((i % 5)) in
    2) message="${message}${context}${context}" ;;
    3) printf -v message "${foreign[$(((i / 5) % 3))]}" "$seats" ;;
    4) size=$((2000 + (i * 977) % 40000)) ;;
  esac
  printf '{"subjectId":"%s-%d","lead":{"email":"buyer%d@firm%d.com","company":"Firm %d","title":"%s","companySize":%d,"message":"%s"}}' \
    "$prefix" "$i" "$i" "$i" "$i" "${titles[$((i % 3))]}" "$size" "$message"
}

for ((i = first; i < first + count; i++)); do
  lead "$i"
  printf '\0'
done | xargs -0 -P 8 -I{} curl -sS -o /dev/null -w '%{http_code}\n' "$url/v1/tasks/lead-classification" \
  -H 'Content-Type: application/json' -H "X-API-Key: $key" -d {} | sort | uniq -c
