// Which of these ids already name an entity: a newly minted id must not. (An
// id that now redirects may be minted again: it names the records it first
// named, split off once more; the redirect then goes.)
// Parameters: $ids: candidate entity ids. Columns: id.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN e.id AS id
