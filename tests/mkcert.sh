#!/bin/sh
# mkcert.sh DIR [NAME]: a throw-away certificate authority and a server
# certificate it signed, for tests and scripts/demo.  The server
# certificate names localhost, 127.0.0.1 and ::1.  Writes, in DIR:
#   NAME-ca.pem        the CA certificate (a client's tls_ca / --ca)
#   NAME-server.pem    the server certificate (hcwedd's tls_cert)
#   NAME-server.key    its private key, mode 600 (hcwedd's tls_key)
# NAME defaults to "test"; a second NAME makes an unrelated CA.  Keys are
# P-256 (fast to make); certificates are valid for 30 days.
set -eu
dir=$1
name=${2:-test}
command -v openssl >/dev/null 2>&1 || {
	echo "mkcert.sh: openssl is not installed" >&2; exit 77; }
mkdir -p "$dir"
umask 077
cnf=$dir/$name.cnf
cat >"$cnf" <<CNF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = hcwed $name CA
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1,IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
# shellcheck disable=SC2086
openssl req -x509 -config "$cnf" -extensions ca $ec -days 30 \
    -keyout "$dir/$name-ca.key" -out "$dir/$name-ca.pem" 2>/dev/null
# shellcheck disable=SC2086
openssl req -new -config "$cnf" -subj "/CN=localhost" $ec \
    -keyout "$dir/$name-server.key" -out "$dir/$name-server.csr" 2>/dev/null
openssl x509 -req -in "$dir/$name-server.csr" -CA "$dir/$name-ca.pem" \
    -CAkey "$dir/$name-ca.key" -set_serial "0x$(openssl rand -hex 8)" \
    -days 30 -extfile "$cnf" -extensions server \
    -out "$dir/$name-server.pem" 2>/dev/null
rm -f "$dir/$name-server.csr" "$cnf"
chmod 644 "$dir/$name-ca.pem" "$dir/$name-server.pem"
