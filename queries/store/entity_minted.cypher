// When each of these entities' ids was minted (null: before the time was kept).
// Parameters: $ids: entity ids. Columns: id, minted.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN e.id AS id, e.minted AS minted
