// KilnSSH: under construction in this session
