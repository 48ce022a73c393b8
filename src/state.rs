//! Page state: one `Reducible` with an `Action` enum. Reducers are pure; side
//! effects (timers, downloads, clipboard) live in components' effects.

use std::rc::Rc;
use yew::Reducible;

/// Everything the page shows is derived from this state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageState {
    /// The text the user pasted or dropped, kept exactly as given.
    pub input: String,
}

/// What can happen to the page state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The input text changed (typing, paste, drop or an example).
    SetInput(String),
    /// The input was cleared.
    ClearInput,
}

impl Reducible for PageState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::SetInput(text) if text == self.input => self,
            Action::SetInput(text) => Rc::new(PageState { input: text }),
            Action::ClearInput if self.input.is_empty() => self,
            Action::ClearInput => Rc::new(PageState::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_input_replaces_text_and_clear_empties_it() {
        let state = Rc::new(PageState::default());
        let state = state.reduce(Action::SetInput("{\"a\":1}".into()));
        assert_eq!(state.input, "{\"a\":1}");
        let state = state.reduce(Action::ClearInput);
        assert_eq!(state.input, "");
    }

    #[test]
    fn unchanged_input_keeps_the_same_state() {
        let state = Rc::new(PageState { input: "x".into() });
        let same = state.clone().reduce(Action::SetInput("x".into()));
        assert!(Rc::ptr_eq(&state, &same));
    }
}
