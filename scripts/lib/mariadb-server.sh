# mariadb-server.sh - shell functions shared by scripts/mariadb.sh (one server) and scripts/galera.sh (three).
# Sourced, not run, after lib/daemon.sh (log, die, daemon_pid, daemon_stop). The caller sets RUNUSER (the OS user mariadbd runs as); the
# shell's own user administers it through the socket (unix_socket authentication).

MARIADBD="$(command -v mariadbd || echo /usr/sbin/mariadbd)"

# The [mariadbd] settings every test server shares (after the caller's paths and address lines).
mariadb_common_settings() { # mariadb_common_settings BUFFER_POOL MAX_CONNECTIONS
  cat <<EOF2
user=$RUNUSER
skip-name-resolve

character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci

# Full-text search: InnoDB indexes only words of at least innodb_ft_min_token_size characters
# (default 3), so a search for two-letter words such as "AI", "Go", "4K" or "UI" would find
# nothing. 2 makes them searchable. Read at startup only; it applies to FULLTEXT indexes created
# afterwards (tests create theirs in fresh databases).
innodb_ft_min_token_size=2

# lean memory: a test server holds little data (~100 MB RSS idle)
innodb_buffer_pool_size=$1
innodb_log_file_size=48M
innodb_log_buffer_size=8M
key_buffer_size=4M
aria_pagecache_buffer_size=8M
performance_schema=OFF
query_cache_type=0
query_cache_size=0
table_open_cache=400
table_definition_cache=400
thread_cache_size=16
max_connections=$2
# speed over durability: the data is thrown away after the run
innodb_flush_log_at_trx_commit=2
innodb_doublewrite=0
sync_binlog=0
EOF2
}

# A unix socket path may not exceed 107 bytes: deep folders get one under /tmp named after the path.
mariadb_socket_path() { # mariadb_socket_path PREFERRED_PATH
  if ((${#1} > 100)); then echo "/tmp/myvid-mariadb-$(printf '%s' "$1" | md5sum | cut -c1-12).sock"; else echo "$1"; fi
}

mariadb_sql() { mariadb --no-defaults -u"$(id -un)" -S "$1" -N -B --connect-timeout=3 -e "$2"; }   # SOCK STATEMENT
mariadb_answers() { mariadb_sql "$1" "SELECT 1" >/dev/null 2>&1; }                                   # SOCK

# mariadb-install-db once per data folder (a marker file says it finished).
mariadb_init_datadir() { # mariadb_init_datadir CNF DATADIR MARKER LOG [extra args]
  local cnf="$1" data="$2" marker="$3" logf="$4"; shift 4
  [[ -f $marker ]] && return 0
  rm -rf "$data"   # half-made by an interrupted run
  log "initialising $data"
  mariadb-install-db --defaults-file="$cnf" --user="$RUNUSER" --auth-root-authentication-method=socket \
    --skip-test-db "$@" >"$logf" 2>&1 || { tail -n 30 "$logf" >&2; die "mariadb-install-db failed"; }
  touch "$marker"
}

# The user `myvid` with all privileges on databases named myvid_... (tests create and drop their own).
mariadb_ensure_user() { # mariadb_ensure_user SOCK PASSWORDFILE HOST...
  local sock="$1" pwfile="$2" pw host; shift 2
  [[ -s $pwfile ]] || { (umask 077; od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$pwfile"); }
  pw="$(<"$pwfile")"
  for host in "$@"; do
    mariadb_sql "$sock" "CREATE USER IF NOT EXISTS 'myvid'@'$host' IDENTIFIED BY '$pw';
         ALTER USER 'myvid'@'$host' IDENTIFIED BY '$pw';
         GRANT ALL PRIVILEGES ON \`myvid\\_%\`.* TO 'myvid'@'$host';" || die "could not create user myvid"
  done
}
