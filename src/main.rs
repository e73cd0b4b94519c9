fn main() {
    println!("disclint: under construction");
}
