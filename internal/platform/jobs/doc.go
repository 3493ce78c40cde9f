// Package jobs runs work that takes longer than a request (imports of large
// files) in the background, durably:
//
//   - Submit commits a row in status queued before it returns, so a job the
//     caller was told about is never lost; then it wakes a worker.
//   - A worker claims the oldest queued row (SKIP LOCKED on PostgreSQL; the
//     SQLite writer lock serialises claims), moves it to running with a
//     lease, and calls the kind's Handler with the submitter's scope,
//     rebuilt from the user id (identity.ScopeOf), so a disabled user's job
//     fails ("jobs.user_disabled") and a role changed since counts.
//   - The handler reports progress; the worker keeps the latest value in
//     memory (Get shows it at once) and writes it, at most every 250 ms, in
//     short transactions of its own, which also extend the lease. On
//     SQLite those writes wait while the handler holds the one writer
//     connection (an import's big transaction) — they are asynchronous, so
//     nothing deadlocks, and Get still shows the live value.
//   - The job ends done (result stored as JSON) or failed: a domain error
//     (errs) stores its code in error_code and, unless the handler returned
//     a result of its own (an import report), the error's data and fields
//     in result; any other error or a panic fails the job as "internal".
//   - Start re-queues rows a dead process left running: on SQLite all of
//     them (one process owns the file), on PostgreSQL those whose lease ran
//     out (other servers may be running theirs); the slow poll repeats that
//     on PostgreSQL. After MaxAttempts claims a job is failed as
//     "jobs.abandoned" rather than crashing the process again and again.
//     A job interrupted by shutdown goes back to the queue at once.
//
// Statuses: queued → running → done | failed. Handlers must be safe to run
// again after a crash: an import is one transaction, so a re-run starts
// from nothing.
//
// Visibility: a job is read by its submitter, or by a user holding
// jobs.configure (tenant admins); anyone else, and any other tenant, gets
// 404.
package jobs
