# ceph-create.sh - ceph.sh's first-start steps: the monitor store and keys, BlueStore OSDs, pools and the S3 user.
# Each step is skipped once done (a marker file in DIR), so a start interrupted half-way resumes.
# Sourced, not run, by scripts/ceph.sh (log, die, cephc, osd_ids, write_conf, save_settings).

bootstrap() {
  log "creating a cluster with $OSDS OSD(s) in $DIR"
  # leftovers of an interrupted first start (settings are written last)
  rm -rf "${DIR:?}"/{mon.a,mgr.x,rgw.a,keyring,monmap,.pools-ok,.user-ok} "$DIR"/osd.* "$DIR"/osd-uuid.*
  mkdir -p "$DIR"/{run,log,crash,mon.a,mgr.x,rgw.a}
  FSID="$(uuidgen)"
  ACCESS_KEY="MYVID$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n' | tr a-f A-F)"
  SECRET_KEY="$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')"
  write_conf
  local kr="$DIR/keyring" id
  ceph-authtool --create-keyring "$kr" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool "$kr" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' \
    --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
  ceph-authtool "$kr" --gen-key -n mgr.x --cap mon 'allow profile mgr' --cap osd 'allow *' --cap mds 'allow *' >/dev/null
  ceph-authtool "$kr" --gen-key -n "$RGW" --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw' >/dev/null
  for id in $(osd_ids); do
    ceph-authtool "$kr" --gen-key -n "osd.$id" --cap mon 'allow profile osd' --cap mgr 'allow profile osd' \
      --cap osd 'allow *' >/dev/null
  done
  chmod 600 "$kr"
  monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$DIR/monmap" >/dev/null
  ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" --keyring "$kr" 2>>"$DIR/log/mkfs.log" ||
    die "ceph-mon --mkfs failed, see $DIR/log/mkfs.log"
  # settings last: a DIR with settings holds a monitor store
  save_settings
}

mkfs_osd() { # one per OSD, in the background
  local id="$1" uuid got
  # same uuid for a retried id: 'osd new UUID ID' is idempotent for the same pair
  [[ -s $DIR/osd-uuid.$id ]] || uuidgen >"$DIR/osd-uuid.$id"
  uuid="$(<"$DIR/osd-uuid.$id")"
  rm -rf "$DIR/osd.$id"
  mkdir -p "$DIR/osd.$id"
  got="$(cephc osd new "$uuid" "$id" 2>>"$DIR/log/mkfs.log")" && [[ $got == "$id" ]] || return 1
  ceph-osd -c "$CONF" -i "$id" --mkfs --osd-uuid "$uuid" >>"$DIR/log/mkfs.log" 2>&1 || return 1
  touch "$DIR/osd.$id/.mkfs-ok"
}

create_osds() {
  local id pids=() p rc=0
  for id in $(osd_ids); do
    [[ -f $DIR/osd.$id/.mkfs-ok ]] && continue
    mkfs_osd "$id" &
    pids+=($!)
  done
  ((${#pids[@]})) || return 0
  log "creating ${#pids[@]} BlueStore OSD(s)"
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  ((rc == 0)) || die "OSD mkfs failed, see $DIR/log/mkfs.log"
}

create_pools() { # one python-rados session instead of ~20 ceph CLI calls; needs no OSD up
  [[ -f $DIR/.pools-ok ]] && return 0
  local k=0 m=0 kind=replicated
  ((OSDS >= 6)) && { k=4; m=2; kind="data pool erasure coded $k+$m"; }
  log "creating pools ($kind)"
  # Debian's python3-rados belongs to /usr/bin/python3, not to another python3 on PATH
  timeout 120 /usr/bin/python3 - "$CONF" "$k" "$m" "$DATA_POOL" <<'PY' 2>>"$DIR/log/pools.log" ||
import json, sys, rados
conf, k, m, data_pool = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
r = rados.Rados(conffile=conf, name="client.admin")
r.connect(timeout=60)
def cmd(**kw):
    ret, out, err = r.mon_command(json.dumps(kw), b"")
    if ret not in (0, -17):  # -17: exists
        sys.exit(f"{kw}: {ret} {err}")
if k:
    cmd(prefix="osd erasure-code-profile set", name="myvid-ec",
        profile=[f"k={k}", f"m={m}", "crush-failure-domain=osd"], force=True)
    cmd(prefix="osd pool create", pool=data_pool, pg_num=16, pgp_num=16,
        pool_type="erasure", erasure_code_profile="myvid-ec")
    # I/O goes on with m shards missing
    cmd(prefix="osd pool set", pool=data_pool, var="min_size", val=str(k))
else:
    cmd(prefix="osd pool create", pool=data_pool, pg_num=16, pgp_num=16)
cmd(prefix="osd pool application enable", pool=data_pool, app="rgw")
# the pools radosgw would otherwise create one by one at its first start
for p in (".rgw.root", "default.rgw.control", "default.rgw.meta", "default.rgw.log",
          "default.rgw.buckets.index", "default.rgw.buckets.non-ec"):
    cmd(prefix="osd pool create", pool=p, pg_num=8, pgp_num=8)
    cmd(prefix="osd pool application enable", pool=p, app="rgw")
# no PG moves behind the tests' back, no smartctl scraping of file-backed devices
cmd(prefix="config set", who="mgr", name="mgr/balancer/active", value="false", force=True)
cmd(prefix="config set", who="mgr", name="mgr/devicehealth/enable_monitoring", value="false", force=True)
r.shutdown()
PY
    die "pool creation failed, see $DIR/log/pools.log"
  touch "$DIR/.pools-ok"
}

create_user() {
  [[ -f $DIR/.user-ok ]] && return 0
  log "creating the S3 user"
  local ra=(timeout 120 radosgw-admin -c "$CONF" -n client.admin)
  if ! "${ra[@]}" user info --uid=myvid >/dev/null 2>&1; then
    # --max-buckets 0 = no limit (default 1000: a reused local cluster would run out)
    "${ra[@]}" user create --uid=myvid --display-name="myvid tests" --max-buckets=0 \
      --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >/dev/null 2>>"$DIR/log/radosgw-admin.log" ||
      die "radosgw-admin user create failed, see $DIR/log/radosgw-admin.log"
  fi
  touch "$DIR/.user-ok"
}
