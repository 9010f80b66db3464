// Constraints and indexes, applied at every start; each is IF NOT EXISTS,
// so applying them again changes nothing.
// Parameters: none. Columns: none.
CREATE CONSTRAINT record_id IF NOT EXISTS FOR (r:Record) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT identifier_key IF NOT EXISTS FOR (i:Identifier) REQUIRE i.key IS UNIQUE;
CREATE CONSTRAINT dataset_name IF NOT EXISTS FOR (d:Dataset) REQUIRE d.name IS UNIQUE;
CREATE CONSTRAINT judgement_id IF NOT EXISTS FOR (j:Judgement) REQUIRE j.id IS UNIQUE;
CREATE CONSTRAINT candidate_id IF NOT EXISTS FOR (c:Candidate) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT apikey_id IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.id IS UNIQUE;
CREATE CONSTRAINT audit_id IF NOT EXISTS FOR (a:AuditEntry) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT write_lock_id IF NOT EXISTS FOR (l:WriteLock) REQUIRE l.id IS UNIQUE;
CREATE INDEX record_dataset IF NOT EXISTS FOR (r:Record) ON (r.dataset, r.schema);
CREATE INDEX record_unresolved IF NOT EXISTS FOR (r:Record) ON (r.unresolved);
CREATE INDEX entity_schema IF NOT EXISTS FOR (e:Entity) ON (e.schema);
CREATE INDEX candidate_score IF NOT EXISTS FOR (c:Candidate) ON (c.score);
CREATE INDEX apikey_hash IF NOT EXISTS FOR (k:ApiKey) ON (k.hash);
CREATE INDEX audit_at IF NOT EXISTS FOR (a:AuditEntry) ON (a.at);
CREATE INDEX judgement_pair IF NOT EXISTS FOR (j:Judgement) ON (j.a, j.b);
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (e:Entity) ON EACH [e.search_text];
CREATE CONSTRAINT redirect_id IF NOT EXISTS FOR (r:Redirect) REQUIRE r.id IS UNIQUE;
CREATE INDEX redirect_to IF NOT EXISTS FOR (r:Redirect) ON (r.to);
CREATE INDEX candidate_a IF NOT EXISTS FOR (c:Candidate) ON (c.a);
CREATE INDEX candidate_b IF NOT EXISTS FOR (c:Candidate) ON (c.b);
CREATE FULLTEXT INDEX record_block_keys IF NOT EXISTS FOR (r:Record) ON EACH [r.block_keys] OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword'}};
