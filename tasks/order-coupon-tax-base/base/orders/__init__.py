"""Order pricing: lines, VAT breakdown and order summary."""
