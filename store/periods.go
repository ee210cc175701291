package store

import "context"

// Periods returns every period the store holds a submission for, in text order; unidentified
// files have none.
func (s *Store) Periods(ctx context.Context) (_ []string, err error) {
	defer s.explain(&err)
	rows, err := s.db.QueryContext(ctx, "SELECT DISTINCT period FROM submissions WHERE period <> '' ORDER BY period")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
