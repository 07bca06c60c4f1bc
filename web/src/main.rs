//! kubeplay-web: the playground page. It owns a core `Cluster`, ticks its virtual clock in real
//! time and renders the cluster board, editor, terminal, events and timeline. Every action is a
//! core command, echoed in the terminal; nothing is simulated here.

mod browser;
mod complete;
mod explain;
mod highlight;
mod lz;
mod model;
mod samples;
mod session;
mod timeline;
mod ui;
mod yamlpos;

fn main() {
    console_error_panic_hook::set_once();
    yew::Renderer::<ui::app::App>::new().render();
}
