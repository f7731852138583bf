#!/usr/bin/env bash
# Makes a self-signed ECDSA P-256 certificate for tests.
#
#   make_test_cert.sh <common-name> <out-dir> [<id>] [--rsa]
#
# Writes into <out-dir> (created if missing):
#   <id>.pem       certificate followed by its private key: the form HAProxy's
#                  `crt` takes and the agent's certificate store keeps
#   <id>.crt.pem   the certificate alone (for clients: curl --cacert, openssl s_client -CAfile)
#   <id>.key.pem   the private key alone (for mock servers that take cert and key apart)
# <id> defaults to the common name. The certificate carries the common name as a
# DNS subjectAltName (clients verify SANs, not the CN) and is valid for 10 years.
# --rsa makes an RSA-2048 key instead (benchmarks compare both kinds).
# Only the openssl CLI is used; nothing is read from the network.
set -euo pipefail

usage() { echo "usage: $0 <common-name> <out-dir> [<id>] [--rsa]" >&2; exit 2; }

args=()
kind=ec
for a in "$@"; do
  case "$a" in
    --rsa) kind=rsa ;;
    -*) usage ;;
    *) args+=("$a") ;;
  esac
done
[ ${#args[@]} -ge 2 ] && [ ${#args[@]} -le 3 ] || usage
cn=${args[0]}
dir=${args[1]}
id=${args[2]:-$cn}

# The names reach file names and an openssl -subj argument: keep them plain.
[[ "$cn" =~ ^[A-Za-z0-9*]([A-Za-z0-9.*-]{0,252})$ ]] || { echo "bad common name: $cn" >&2; exit 2; }
[[ "$id" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ ]] || { echo "bad id: $id" >&2; exit 2; }

mkdir -p "$dir"
key="$dir/$id.key.pem"
crt="$dir/$id.crt.pem"
umask 077
if [ "$kind" = rsa ]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key" 2>/dev/null
else
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$key" 2>/dev/null
fi
openssl req -new -x509 -key "$key" -out "$crt" -days 3650 -sha256 \
  -subj "/CN=$cn" -addext "subjectAltName=DNS:$cn" 2>/dev/null
cat "$crt" "$key" > "$dir/$id.pem"
