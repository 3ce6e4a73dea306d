//! The capabilities of essaim, one folder each (see ARCHITECTURE.md).

pub mod calls;
pub mod demo;
pub mod events;
pub mod home;
pub mod network;
pub mod news;
pub mod programs;
pub mod seed;
pub mod site;
pub mod surveys;
pub mod wordpress;

use crate::core::module::Module;

/// The modules the site is made of, in the order their routes, menus and sitemap entries are
/// assembled. A new module is its folder and one line here.
pub fn all() -> Vec<Module> {
    vec![
        site::module(),
        network::module(),
        news::module(),
        wordpress::module(),
        events::module(),
        calls::module(),
        surveys::module(),
        programs::module(),
        home::module(),
    ]
}
