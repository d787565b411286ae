# ceph-selftest.sh - ceph.sh selftest: the S3 API through SigV4 pre-signed URLs (as AWSSDK.S3 signs them) and curl.
# Sourced, not run, by scripts/ceph.sh (log, die, DIR, SETTINGS, ENDPOINT, ACCESS_KEY, SECRET_KEY).

# SigV4 query-string signing (UNSIGNED-PAYLOAD, path-style) as AWSSDK.S3's GetPreSignedURL does it;
# standard-library python3 only (there is no aws cli here).
presign() { # presign SECRET METHOD BUCKET [KEY]
  python3 - "$ENDPOINT" "$ACCESS_KEY" "$@" <<'PY'
import datetime, hashlib, hmac, sys
from urllib.parse import quote, urlsplit
endpoint, ak, sk, method, bucket = sys.argv[1:6]
key = sys.argv[6] if len(sys.argv) > 6 else ""
region, host = "us-east-1", urlsplit(endpoint).netloc
uri = "/" + quote(bucket, safe="") + ("/" + quote(key, safe="/~") if key else "")
now = datetime.datetime.now(datetime.timezone.utc)
amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
scope = f"{day}/{region}/s3/aws4_request"
params = {"X-Amz-Algorithm": "AWS4-HMAC-SHA256", "X-Amz-Credential": f"{ak}/{scope}",
          "X-Amz-Date": amz_date, "X-Amz-Expires": "600", "X-Amz-SignedHeaders": "host"}
query = "&".join(f"{quote(k, safe='~')}={quote(v, safe='~')}" for k, v in sorted(params.items()))
canonical = "\n".join([method, uri, query, f"host:{host}", "", "host", "UNSIGNED-PAYLOAD"])
to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
k = ("AWS4" + sk).encode()
for part in (day, region, "s3", "aws4_request"):
    k = hmac.new(k, part.encode(), hashlib.sha256).digest()
print(f"{endpoint}{uri}?{query}&X-Amz-Signature={hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()}")
PY
}

cmd_selftest() {
  [[ -f $SETTINGS ]] || die "no cluster in $DIR: run start first"
  local bucket="selftest-$$-$RANDOM" key="videos/a b/clip.mp4" code tmp
  tmp="$(mktemp -d)"
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" EXIT
  head -c 3000000 /dev/urandom >"$tmp/in"
  http() { curl -s -m 60 -o "$tmp/body" -w '%{http_code}' "$@"; }
  code="$(http -X PUT "$(presign "$SECRET_KEY" PUT "$bucket")")"
  [[ $code == 200 ]] || die "create bucket: HTTP $code $(cat "$tmp/body")"
  code="$(http -X PUT --upload-file "$tmp/in" -H 'Content-Type: video/mp4' "$(presign "$SECRET_KEY" PUT "$bucket" "$key")")"
  [[ $code == 200 ]] || die "PUT: HTTP $code $(cat "$tmp/body")"
  code="$(http "$(presign "$SECRET_KEY" GET "$bucket" "$key")")"
  [[ $code == 200 ]] || die "GET: HTTP $code"
  cmp -s "$tmp/in" "$tmp/body" || die "GET returned different bytes"
  code="$(http -H 'Range: bytes=1000-1999' "$(presign "$SECRET_KEY" GET "$bucket" "$key")")"
  [[ $code == 206 && $(stat -c %s "$tmp/body") == 1000 ]] || die "Range GET: HTTP $code"
  code="$(http "$(presign wrong-secret GET "$bucket" "$key")")"
  [[ $code == 403 ]] || die "GET signed with a wrong secret: HTTP $code, expected 403"
  code="$(http -X DELETE "$(presign "$SECRET_KEY" DELETE "$bucket" "$key")")"
  [[ $code == 204 ]] || die "DELETE object: HTTP $code"
  code="$(http -X DELETE "$(presign "$SECRET_KEY" DELETE "$bucket")")"
  [[ $code == 204 ]] || die "DELETE bucket: HTTP $code"
  echo "selftest ok: pre-signed create bucket, PUT 3 MB, GET (same bytes), Range GET 206, wrong secret 403, DELETE object and bucket"
}
