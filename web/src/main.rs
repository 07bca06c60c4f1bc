//! kubeplay-web: the playground page. It owns a core `Cluster`, ticks its virtual clock in real
//! time and renders pods and a terminal. Every action is a core command; nothing is simulated here.

mod model;
mod scenario;
mod view;

fn main() {
    console_error_panic_hook::set_once();
    yew::Renderer::<view::App>::new().render();
}
