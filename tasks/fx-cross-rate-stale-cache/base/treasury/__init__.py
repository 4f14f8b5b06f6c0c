"""Treasury: reference exchange rates and currency conversion of price lists."""
