"""Web shop: carts, pricing and checkout."""
