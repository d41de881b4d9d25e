// Package printable escapes text that comes from the user's files (names of
// scenarios, platforms and functions, price sheet fields) before a report
// shows it to a person: a control character, an invalid UTF-8 byte or a
// bidirectional override in a name would otherwise break a table row,
// recolour or clear the terminal, or reorder the text around it.
package printable
