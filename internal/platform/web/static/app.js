// Placeholder; shell behaviour (Ctrl+M, Ctrl+S, unsaved-change warning) is added by the UI work.
