// KilnHTTP: under construction in this session
