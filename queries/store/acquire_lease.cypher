// Take (or renew) the graph's write lease for a long writer (a load, a full
// resolution, a judgement from the CLI): granted when nobody holds it, when
// the holder's lease ran out (its process is gone), or to its own holder.
// People's writes through the API wait while another holds it
// (store/lock_writes).
// Parameters: $holder: who asks (text), $seconds: how long the lease lasts
//   unless renewed, $stale: a holder known to be gone (its process ended on
//   this machine) whose lease may be taken at once, or null.
// Columns: holder (who holds it now), since (ISO datetime), granted (boolean).
MERGE (l:WriteLock {id: 'people'})
WITH l, l.holder IS NULL OR l.holder IN [$holder, $stale] OR l.expires < datetime() AS free
SET l.since = CASE WHEN free AND coalesce(l.holder, '') <> $holder
                   THEN toString(datetime()) ELSE l.since END,
    l.holder = CASE WHEN free THEN $holder ELSE l.holder END,
    l.expires = CASE WHEN free THEN datetime() + duration({seconds: $seconds})
                     ELSE l.expires END
RETURN l.holder AS holder, l.since AS since, free AS granted
