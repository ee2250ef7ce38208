//! The keys of each kind of field, with the words that explain them. The line of keys under
//! every page is drawn from the same bindings the field acts on, so what is shown is what works.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for, beyond typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Finish this answer and go on (a long answer's one key for it).
    Finish,
    /// Enter: finish a one-line answer, choose from a list, or start.
    Enter,
    /// Go back: to the previous question, the list (from "other"), or where one came from.
    Back,
    /// Open the review of every answer.
    Review,
    /// Write the answer in the respondent's own editor.
    Editor,
    Undo,
    Redo,
    /// Tick or untick an option.
    Toggle,
    /// Show the whole question, its guidance and the keys.
    Help,
}

/// A key (with its modifiers) and what it does.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [(KeyCode, KeyModifiers)],
    /// How the key is written on screen.
    pub label: &'static str,
    /// What it does, in a word or two.
    pub help: &'static str,
    pub action: Action,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

const BACK: Binding = Binding {
    keys: &[
        (KeyCode::Esc, NONE),
        (KeyCode::BackTab, SHIFT),
        (KeyCode::BackTab, NONE),
    ],
    label: "Esc",
    help: "back",
    action: Action::Back,
};
const REVIEW: Binding = Binding {
    keys: &[(KeyCode::Char('r'), CTRL)],
    label: "Ctrl-R",
    help: "all answers",
    action: Action::Review,
};
const HELP: Binding = Binding {
    keys: &[(KeyCode::F(1), NONE)],
    label: "F1",
    help: "help",
    action: Action::Help,
};

/// A long answer: Enter starts a new line; one key, the same everywhere, finishes.
pub const LONG_TEXT: &[Binding] = &[
    Binding {
        keys: &[(KeyCode::Char('d'), CTRL)],
        label: "Ctrl-D",
        help: "done, next question",
        action: Action::Finish,
    },
    BACK,
    REVIEW,
    Binding {
        keys: &[(KeyCode::Char('e'), CTRL)],
        label: "Ctrl-E",
        help: "your editor",
        action: Action::Editor,
    },
    Binding {
        keys: &[(KeyCode::Char('z'), CTRL)],
        label: "Ctrl-Z",
        help: "undo",
        action: Action::Undo,
    },
    Binding {
        keys: &[(KeyCode::Char('y'), CTRL)],
        label: "Ctrl-Y",
        help: "redo",
        action: Action::Redo,
    },
    HELP,
];

/// A one-line answer (name, email, phone, "other", a folder).
pub const ONE_LINE: &[Binding] = &[
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        label: "Enter",
        help: "done, next question",
        action: Action::Enter,
    },
    BACK,
    REVIEW,
    Binding {
        keys: &[(KeyCode::Char('z'), CTRL)],
        label: "Ctrl-Z",
        help: "undo",
        action: Action::Undo,
    },
    Binding {
        keys: &[(KeyCode::Char('y'), CTRL)],
        label: "Ctrl-Y",
        help: "redo",
        action: Action::Redo,
    },
    HELP,
];

/// A yes or no, typed.
pub const YES_NO: &[Binding] = &[
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        label: "Enter",
        help: "answer",
        action: Action::Enter,
    },
    BACK,
    REVIEW,
    HELP,
];

/// A list where one option is chosen.
pub const CHOOSE_ONE: &[Binding] = &[
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        label: "Enter",
        help: "choose",
        action: Action::Enter,
    },
    BACK,
    REVIEW,
    HELP,
];

/// A list where any number of options are ticked.
pub const TICK_ANY: &[Binding] = &[
    Binding {
        keys: &[(KeyCode::Char(' '), NONE)],
        label: "Space",
        help: "tick",
        action: Action::Toggle,
    },
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        label: "Enter",
        help: "done, next question",
        action: Action::Enter,
    },
    BACK,
    REVIEW,
    HELP,
];

/// The review of every answer.
pub const REVIEW_LIST: &[Binding] = &[
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        label: "Enter",
        help: "choose",
        action: Action::Enter,
    },
    Binding {
        label: "Esc",
        help: "back",
        ..BACK
    },
];

/// A list to pick from that is not a question (a draft to carry on with).
pub const PICK: &[Binding] = &[
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        label: "Enter",
        help: "choose",
        action: Action::Enter,
    },
    Binding {
        help: "cancel",
        ..BACK
    },
];

/// A page to read before going on (the welcome, messages, help).
pub const READ: &[Binding] = &[Binding {
    keys: &[(KeyCode::Enter, NONE)],
    label: "Enter",
    help: "continue",
    action: Action::Enter,
}];

/// What `key` does among `bindings`, if anything.
pub fn action(bindings: &[Binding], key: &KeyEvent) -> Option<Action> {
    let modifiers =
        key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    let code = match key.code {
        // Terminals differ in whether Ctrl with a letter comes as lower or upper case.
        KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
            KeyCode::Char(c.to_ascii_lowercase())
        }
        other => other,
    };
    let modifiers = if matches!(code, KeyCode::Char(_)) && modifiers.contains(KeyModifiers::CONTROL)
    {
        modifiers - KeyModifiers::SHIFT
    } else {
        modifiers
    };
    bindings
        .iter()
        .find(|b| b.keys.iter().any(|&(c, m)| c == code && m == modifiers))
        .map(|b| b.action)
}

/// The keys as items for the line under a page: `Ctrl-D done, next question`.
pub fn items(bindings: &[Binding]) -> Vec<String> {
    bindings
        .iter()
        .map(|b| format!("{} {}", b.label, b.help))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn every_shown_key_does_what_it_says() {
        assert_eq!(
            action(LONG_TEXT, &key(KeyCode::Char('d'), CTRL)),
            Some(Action::Finish)
        );
        assert_eq!(
            action(LONG_TEXT, &key(KeyCode::Char('D'), CTRL | SHIFT)),
            Some(Action::Finish)
        );
        assert_eq!(
            action(LONG_TEXT, &key(KeyCode::Esc, NONE)),
            Some(Action::Back)
        );
        assert_eq!(
            action(LONG_TEXT, &key(KeyCode::Enter, NONE)),
            None,
            "a new line"
        );
        assert_eq!(
            action(LONG_TEXT, &key(KeyCode::Char('d'), NONE)),
            None,
            "typing"
        );
        assert_eq!(
            action(ONE_LINE, &key(KeyCode::Enter, NONE)),
            Some(Action::Enter)
        );
        assert_eq!(
            action(TICK_ANY, &key(KeyCode::Char(' '), NONE)),
            Some(Action::Toggle)
        );
        for bindings in [
            LONG_TEXT,
            ONE_LINE,
            YES_NO,
            CHOOSE_ONE,
            TICK_ANY,
            REVIEW_LIST,
            PICK,
        ] {
            for b in bindings {
                let &(code, modifiers) = b.keys.first().unwrap();
                assert_eq!(
                    action(bindings, &key(code, modifiers)),
                    Some(b.action),
                    "{}",
                    b.label
                );
            }
        }
        assert_eq!(items(READ), ["Enter continue"]);
    }
}
