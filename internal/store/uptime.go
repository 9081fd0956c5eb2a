package store

import (
	"database/sql"
	"errors"
	"time"

	"github.com/uptray/uptray/internal/status"
)

// Uptime returns, for [from, to): the share of the known time that service answered
// (Up or Degraded), the time it was Down, and how many outages (Down periods) reached
// into the range. Time is known while Uptray was running and this laptop was online:
// the laptop's offline periods and the time Uptray was not running count neither way.
// ErrNoData when no time in the range was known.
func (r *Reader) Uptime(service string, from, to time.Time) (float64, time.Duration, int, error) {
	id, err := r.serviceID(service)
	if err != nil {
		return 0, 0, 0, err
	}
	now := r.clk.Now()
	if to.After(now) {
		to = now
	}
	if !from.Before(to) {
		return 0, 0, 0, ErrNoData
	}
	sessions, err := r.sessions(from, to)
	if err != nil {
		return 0, 0, 0, err
	}
	evs, err := r.changes(id, from, to)
	if err != nil {
		return 0, 0, 0, err
	}
	before, err := r.lastChange(id, from)
	if err != nil {
		return 0, 0, 0, err
	}
	offBefore, err := r.lastChange(0, from)
	if err != nil {
		return 0, 0, 0, err
	}

	var up, down time.Duration
	outages := 0
	for _, s := range sessions {
		end := s.end(now)
		if end.IsZero() {
			end = now
		}
		lo, hi := maxTime(from, s.start), minTime(to, end)
		if !lo.Before(hi) {
			continue
		}
		// Each run of Uptray starts knowing nothing; a change before from carries
		// over only within its own run.
		state, offline := status.Unknown, false
		if before.session == s.id {
			state = before.to
		}
		if offBefore.session == s.id {
			offline = offBefore.to == status.Offline
		}
		if state == status.Down {
			outages++
		}
		cursor := lo
		add := func(until time.Time) {
			d := until.Sub(cursor)
			switch {
			case d <= 0 || offline:
			case state == status.Up || state == status.Degraded:
				up += d
			case state == status.Down:
				down += d
			}
			cursor = maxTime(cursor, until)
		}
		for _, e := range evs {
			if e.session != s.id || !e.at.Before(hi) {
				continue
			}
			add(e.at)
			if e.service == 0 {
				offline = e.to == status.Offline
				continue
			}
			if e.to == status.Down && state != status.Down {
				outages++
			}
			state = e.to
		}
		add(hi)
	}
	if up+down == 0 {
		return 0, 0, outages, ErrNoData
	}
	return float64(up) / float64(up+down), down, outages, nil
}

// change is one row of events, as the timeline needs it.
type change struct {
	service, session int64
	at               time.Time
	to               status.Status
}

// changes returns service id's and connectivity's changes in [from, to), oldest first.
func (r *Reader) changes(id int64, from, to time.Time) ([]change, error) {
	rows, err := r.db.Query("SELECT service_id, session, at, to_status FROM events WHERE service_id IN (?, 0) AND at >= ? AND at < ? ORDER BY at, id",
		id, from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []change
	for rows.Next() {
		var c change
		var at, st int64
		if err := rows.Scan(&c.service, &c.session, &at, &st); err != nil {
			return nil, err
		}
		c.at, c.to = time.UnixMilli(at), statusOf(st)
		out = append(out, c)
	}
	return out, rows.Err()
}

// lastChange is service id's last change before t; session 0 (no session) when none.
func (r *Reader) lastChange(id int64, t time.Time) (change, error) {
	c := change{service: id}
	var at, st int64
	err := r.db.QueryRow("SELECT session, at, to_status FROM events WHERE service_id = ? AND at < ? ORDER BY at DESC, id DESC LIMIT 1",
		id, t.UnixMilli()).Scan(&c.session, &at, &st)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	c.at, c.to = time.UnixMilli(at), statusOf(st)
	return c, err
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
